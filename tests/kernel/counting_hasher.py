"""A password hasher for tests that counts how often a password is hashed."""

from django.contrib.auth.hashers import MD5PasswordHasher

calls = []


class CountingHasher(MD5PasswordHasher):
    algorithm = "counting_md5"

    def encode(self, password, salt):
        calls.append(password)
        return super().encode(password, salt)
