import factory
from allauth.account.models import EmailAddress

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.regions.models import RegionalOffice

PASSWORD = "Test-Password-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="id_ID")
    role = Role.APPLICANT
    language = "id"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(user=self, email=self.email, defaults={"verified": True, "primary": True})

    @factory.lazy_attribute
    def regional_office(self):
        if self.role == Role.SECRETARIAT:
            return RegionalOffice.objects.get(code="I")
        return None
