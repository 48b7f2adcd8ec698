"""The share transfers of a note (DESIGN 6): GET and POST /api/notes/{id}/transfers/."""

from rest_framework import serializers

from api.fields import KnownFieldsOnly, PartyRelatedField, Serializer
from api.text_fields import TextField
from loans.models import Party


class ShareTransferSerializer(KnownFieldsOnly, Serializer):
    id = serializers.IntegerField(read_only=True)
    note = serializers.IntegerField(source="note_id", read_only=True)
    from_party = PartyRelatedField(
        queryset=Party.objects.all(), help_text="A lender of the note on effective_on (party id)."
    )
    from_party_name = serializers.CharField(source="from_party.name", read_only=True)
    to_party = PartyRelatedField(
        queryset=Party.objects.all(), help_text="The party receiving the share (party id)."
    )
    to_party_name = serializers.CharField(source="to_party.name", read_only=True)
    share = serializers.DecimalField(
        max_digits=7,
        decimal_places=4,
        coerce_to_string=True,
        help_text='Percent of the note moved, e.g. "25" (at most 4 decimals).',
    )
    effective_on = serializers.DateField(
        help_text="Payments applied on or after this date follow the new shares."
    )
    description = TextField(required=False, allow_blank=True, default="")
    entered_by = serializers.CharField(source="entered_by.username", read_only=True)
    entered_at = serializers.DateTimeField(read_only=True)
