// HTTP routes of the platform's issuer (JSON, public, no login): the did:web DID document, the
// signed status list credentials, and POST /api/v1/verify.
#pragma once

#include <cstddef>

#include "credential/service/credential_service.hpp"
#include "http/router.hpp"

namespace passeur::credential {

// Bodies of POST /api/v1/verify above this are refused (kPayloadTooLarge).
inline constexpr std::size_t kMaxVerifyBodyBytes = kMaxCredentialBytes + 4096;

// GET /.well-known/did.json (or <path>/did.json when the public URL has a path): the DID document;
// GET /credentials/status/{id}: the signed BitstringStatusListCredential (ETag per version, short
// cache, CORS open: wallets fetch both from browsers);
// POST /api/v1/verify: body = the credential (JSON object, or a JWT as a JSON string), or
// {"credential": ..., "email": "..."}; answers 200 with VerificationToJson (+ "email_matches"
// when an e-mail was given) whatever the verdict — the verdict is in the body.
// `service` must outlive the router.
void RegisterCredentialRoutes(http::Router& router, CredentialService& service);

}  // namespace passeur::credential
