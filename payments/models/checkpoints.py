"""A note's replay checkpoint: its replay frozen after the last event (a cache, not a fact).

The truth stays the terms and the event log; a checkpoint only spares a read from walking
the whole log again (payments/checkpoints.py). It is rewritten whenever the log it
describes has grown, so unlike the event log it is updated in place.
"""

from django.db import models

from loans.models import Note


class ReplayCheckpoint(models.Model):
    note = models.OneToOneField(
        Note, on_delete=models.CASCADE, primary_key=True, related_name="replay_checkpoint"
    )
    engine = models.CharField(max_length=64, help_text="Digest of the engine that wrote it.")
    fingerprint = models.CharField(
        max_length=200, help_text="The terms and the log it replayed (counts and last ids)."
    )
    walked_to = models.DateField(help_text="The latest event's date.")
    state = models.BinaryField(help_text="The engine's walk, pickled.")
    signature = models.CharField(max_length=64, help_text="HMAC of everything above.")

    def __str__(self) -> str:
        return f"Replay checkpoint of note {self.note_id} on {self.walked_to}"
