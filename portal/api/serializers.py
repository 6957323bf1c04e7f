"""What partners read: the public facts of a credential (the same as the public verification JSON,
`portal.credentials.public.as_json`), declared field by field for the OpenAPI schema."""

from rest_framework import serializers

from portal.credentials import public


class SignatureSerializer(serializers.Serializer):
    algorithm = serializers.CharField()
    key_id = serializers.CharField()
    value = serializers.CharField()


class CredentialSerializer(serializers.Serializer):
    number = serializers.CharField()
    kind = serializers.ChoiceField(choices=["worker", "lks"])
    holder_name = serializers.CharField()
    subject = serializers.CharField(help_text="Scheme (workers) or grade (LKS).")
    subject_en = serializers.CharField()
    issuer = serializers.CharField()
    province = serializers.CharField()
    issued_on = serializers.DateField()
    valid_until = serializers.DateField()
    status = serializers.ChoiceField(choices=["valid", "suspended", "revoked", "expired"])
    status_label = serializers.CharField()
    status_reason = serializers.CharField()
    verification_url = serializers.URLField()
    signature = SignatureSerializer()
    updated_at = serializers.DateTimeField(help_text="Last change (status, reason): the cursor of `changed_since`.")

    def to_representation(self, instance):
        return {**public.as_json(instance), "updated_at": instance.updated_at.isoformat()}


class LookupRequestSerializer(serializers.Serializer):
    nik = serializers.RegexField(r"^\d{16}$", error_messages={"invalid": "A NIK is 16 digits."})


class LookupResponseSerializer(serializers.Serializer):
    registered = serializers.BooleanField(help_text="Whether a social worker with this NIK is in the registry.")
    certified = serializers.BooleanField(help_text="Whether they hold a certificate valid today.")
    credentials = CredentialSerializer(many=True, help_text="Their certificates: public facts only, never the profile.")
