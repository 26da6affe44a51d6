"""A person's photo, in one place: today a file on `Person.photo` cleaned by
the site's image policy (images/policy.py); when the image library
(`images.models.Image`) lands, this module is what switches to it."""

from images import policy
from images.forms import PolicyImageField

PHOTO_UPLOAD_TO = "people/%Y/"


def clean_new_photo(person) -> None:
    """A photo not yet stored passes the image policy, whoever saves."""
    policy.clean_new_field_file(person.photo)


def photo_form_field(**kwargs) -> PolicyImageField:
    return PolicyImageField(required=False, **kwargs)
