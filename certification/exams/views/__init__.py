"""Pages of the exam stage, by concept. Candidates under /exams/, staff and assessors under
/secretariat/exams/ (see `certification/exams/urls.py`). Every view starts from a queryset scoped to
the user; what the user may not see answers 404.

- `candidates`: the candidate's exam page, choosing and booking a session, the booking, its
  admission card and calendar file, cancelling
- `sessions`: the staff's sessions: list, create, edit, overview, components, assessors, bulk
  allocation, a booking cancelled or given another assessor
- `checkin`: exam day: the attendance list, check-in, closing attendance
- `scoring`: the assessors' scoring of their candidates
- `plenary`: the LSP admin's plenary and a round's exam rules
- `common`: what they share (ids from the query string, the session a user runs)
"""
