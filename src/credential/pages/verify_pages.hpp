// The public verification page of credentials (RouteKind::kHtml, DSFR, no JavaScript, no login):
//   GET  /verify              explains what verifying does; a form: paste the credential (JSON), or
//                             upload its file (.json, at most kMaxCredentialBytes), and optionally
//                             an e-mail to check against the holder's hashed identity
//   GET  /verify?award=<id>   the link (QR code) of a learner's PDF certificate: the public
//                             credential of that award, verified; 404 page "does not exist or was
//                             made private" (one message for both) when the lookup says NotFound
//   POST /verify              multipart/form-data from the form above (CSRF-checked: the session's
//                             token, or the anonymous double-submit cookie); the result page
// The result page shows one verdict (DSFR alert: icon and words, never colour alone) with a plain
// French sentence per verdict and the verifier's technical reason in a <details>, then what the
// credential says: achievements and their alignments, holder (DID, or the hashed e-mail and the
// e-mail check), issuer (ours, did:key, or other), dates in words, status entries, proof.
// Form errors (nothing given, both given, too large, not JSON with the parser's position, bad
// e-mail) re-show the form with the DSFR error summary (400, or 413 when too large).
// Verification is offline: CredentialService::Verify (our keys and status lists). Nothing is stored.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "account/module.hpp"
#include "core/result.hpp"
#include "credential/service/credential_service.hpp"
#include "credential/verifier.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::credential {

// The JSON text of the public credential of an award (the badge component provides it).
// NotFound when there is no such award or its holder made it private; other errors are shown as
// the error page. May be an empty function: every award is then "not found".
using PublicCredentialLookup = std::function<core::Result<std::string>(std::string_view award_id)>;

// The largest POST /verify body the page reads (a credential pasted or uploaded, at most
// kMaxCredentialBytes each, plus the other fields and the multipart framing). The server's
// http::Limits::body_bytes must be at least this for a 1 MiB credential to reach the page.
inline constexpr std::size_t kMaxVerifyFormBytes = 2 * kMaxCredentialBytes + 64 * 1024;

// All arguments must outlive the router.
void RegisterVerifyPages(http::Router& router, CredentialService& service, account::AccountModule& accounts,
                         web::Renderer& renderer, PublicCredentialLookup lookup);

}  // namespace passeur::credential
