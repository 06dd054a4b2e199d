"""What the guidance advises about each kind of evidence, shown where it is
recorded. In Harbour's own words."""

from harbour.evidence.models import EvidenceKind, HeldWhere

ADVICE = {
    EvidenceKind.GIFT: (
        "Don't open, handle or throw away gifts, cards, letters or parcels. Put them somewhere secure, "
        "touching them as little as possible, and keep them for the police. Photograph them where they are "
        "if you can, and note who found them and when."
    ),
    EvidenceKind.CCTV: (
        "CCTV systems record over old footage, often within days. Ask for the footage to be kept now, note "
        "the date it would be recorded over, and check that your CCTV policy and privacy notice cover using "
        "it this way."
    ),
    EvidenceKind.SCREENSHOT: (
        "Keep the original messages on the phone or account too: don't delete or reply to them. Screenshots "
        "should show the sender, the date and the time."
    ),
    EvidenceKind.EMAIL: (
        "Save the whole message as a file (.eml) so its headers show where it came from, and keep the "
        "original in the mailbox."
    ),
    EvidenceKind.AUDIO: "Keep the original recording on the device it was made on, as well as the copy here.",
    EvidenceKind.VIDEO: "Keep the original recording on the device it was made on, as well as the copy here.",
    EvidenceKind.PHOTO: "Keep the original photo on the device it was taken on, as well as the copy here.",
}

GENERAL = (
    "Keep originals as they are. Attach a copy here, or say where the original is kept, so nothing is lost "
    "if the police ask for it later."
)

HELD_HINT = {
    HeldWhere.POLICE: "Add the crime reference to the incident if the police gave one.",
}
