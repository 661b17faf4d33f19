// The PDF certificate of an issued Open Badge: one A4 landscape page (PDF 1.7) that a learner
// downloads next to the badge's JSON. See docs/formats/certificate-pdf.md.
//
// Contract:
// - Content: a heading, the kind ("Open Badge"), the learner's display name (left out when empty:
//   the learner may hide it), the badge name, the issuing organisation, the aligned competences
//   (name and level text), the awarded and expiry dates (formatted by the caller), the credential
//   id, a sentence telling how to verify, the verification URL as text (a link too), and a QR code
//   of that URL drawn as vector rectangles in the bottom right corner, 140 pt (49.4 mm) wide,
//   quiet zone included.
// - Text is real text in the standard 14 fonts Helvetica and Helvetica-Bold (not embedded) with
//   /WinAnsiEncoding: UTF-8 is converted to cp1252 (see win_ansi.hpp); characters outside cp1252
//   are drawn as '?', and the paragraph then carries the original text as /ActualText so that
//   copy-paste and screen readers still get it. Long texts are wrapped with the Helvetica metrics
//   and shortened with "…" past their line budget (the competence list ends with a "… and N more"
//   line when it does not fit).
// - Tagged PDF (/MarkInfo /Marked true, a structure tree: Document, H1, P, H2, L/LI/Lbl/LBody,
//   Figure with /Alt for the QR code, Link with the annotation), /Lang, /Title shown in the window
//   title (/ViewerPreferences /DisplayDocTitle), decorative frame marked as artifact.
// - Deterministic: the same input gives the same bytes; no date unless `creation_date` is given.
// - Pure: no I/O, no clock. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace passeur::certificate {

// Bounds on the input, in bytes of UTF-8.
inline constexpr std::size_t kMaxCertificateCompetences = 30;
inline constexpr std::size_t kMaxCertificateNameBytes = 300;      // badge, learner, issuer, competence
inline constexpr std::size_t kMaxCertificateShortBytes = 100;     // level text, dates
inline constexpr std::size_t kMaxCertificateIdBytes = 200;        // credential id
inline constexpr std::size_t kMaxCertificateUrlBytes = 300;       // verification URL
inline constexpr std::size_t kMaxCertificateLabelBytes = 300;     // each label
inline constexpr std::size_t kMaxCertificateDateInputBytes = 32;  // creation_date

struct CertificateCompetence {
    std::string name;   // required, e.g. "Sécuriser ses données personnelles"
    std::string level;  // optional level text, e.g. "Niveau 3 – Intermédiaire"
};

// The words of the page. Any empty field takes its value from DefaultCertificateLabels(lang).
struct CertificateLabels {
    std::string heading;          // "Attestation de compétence"
    std::string kind;             // "Open Badge"
    std::string awarded_to;       // "décernée à"
    std::string for_badge;        // "pour l'obtention du badge"
    std::string issued_by;        // "Délivré par" (followed by the issuer name)
    std::string competences;      // "Compétences"
    std::string awarded_on;       // "Date de délivrance" (followed by " : " and the date)
    std::string expires_on;       // "Date d'expiration"
    std::string credential_id;    // "Identifiant de l'attestation"
    std::string verify_sentence;  // "Scannez le code QR ou rendez-vous sur l'adresse ci-dessous pour ..."
    std::string qr_alt;           // alternative text of the QR code; "{url}" is replaced by the URL
    std::string more_one;         // last list line when 1 competence does not fit; "{n}" = count
    std::string more_many;        // same for several
};

// The built-in labels: French for "fr" (and anything else), English for "en".
CertificateLabels DefaultCertificateLabels(std::string_view lang);

struct CertificateInput {
    std::string lang = "fr";                         // "fr" or "en": the labels' language and the PDF /Lang
    std::string badge_name;                          // required
    std::string learner_name;                        // optional: empty when the learner hides their name
    std::string issuer_name;                         // required
    std::vector<CertificateCompetence> competences;  // 0..kMaxCertificateCompetences
    std::string awarded_on;                          // required, already formatted ("12 mars 2025")
    std::string expires_on;                          // optional, already formatted
    std::string credential_id;                       // required ("urn:uuid:...")
    std::string verify_url;  // required: http:// or https://, printable ASCII, no spaces
    // Optional /CreationDate: "YYYY-MM-DDTHH:MM:SSZ" (UTC). Empty: the PDF carries no date.
    std::string creation_date;
    CertificateLabels labels;  // empty fields: DefaultCertificateLabels(lang)
};

// The PDF bytes. Errors (InvalidArgument, field named as in CertificateInput, e.g.
// "competences[3].name"): lang not fr/en, a required field empty or blank, a field not valid UTF-8
// or over its bound, more than kMaxCertificateCompetences competences, a verify_url that is not
// an http(s) URL of printable ASCII, a malformed creation_date.
core::Result<std::string> RenderCertificatePdf(const CertificateInput& input);

}  // namespace passeur::certificate
