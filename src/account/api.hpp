// JSON handlers of the /api/v1 account and organisation routes (see docs/api/openapi.json).
// Order inside every handler: authenticate (401) → CSRF for cookie sessions (403) → authorise on
// the path's organisation (404/403) → parse and validate the body (400) → act. So a caller
// without access learns nothing from body validation.
#pragma once

#include "http/router.hpp"

namespace passeur::account {

class AccountModule;

void RegisterAccountApi(http::Router& router, AccountModule& module);

}  // namespace passeur::account
