"""gunicorn settings, from the environment (see .env.example)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS") or (multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Django is loaded once in the master and the workers are forked from it: a worker starts in
# milliseconds, so recycling one (max_requests, a guard against slow leaks) costs almost nothing. Without
# it every recycled worker imports the whole project again (about a CPU-second) while serving.
# (The master opens no database or Redis connection: both are made lazily in the workers.)
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
