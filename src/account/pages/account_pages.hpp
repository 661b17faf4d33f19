// Server-rendered pages of the account component (RouteKind::kHtml, French URLs, DSFR):
//   GET  /                                   landing (anonymous) or home per role
//   GET  /connexion, POST /connexion         login (?retour=/local/path)
//   POST /deconnexion                        logout
//   GET  /compte                             profile, password, export, deletion
//   POST /compte/profil                      display name + language
//   POST /compte/mot-de-passe                password change (opens a fresh session)
//   GET  /compte/export                      GDPR export, JSON attachment
//   POST /compte/suppression                 account deletion (password confirmation)
//   GET  /organisations, POST /organisations list (all for platform_admin) / create
//   GET  /organisations/{org}                details, members, invitations (per role)
//   POST /organisations/{org}/invitations                        create an invitation
//   POST /organisations/{org}/invitations/{invitation}/annulation revoke it
//   POST /organisations/{org}/membres/{user}/role                change a member's role
//   POST /organisations/{org}/membres/{user}/retrait             remove a member
//   GET  /invitations/{token}, POST /invitations/{token}          accept / create account
//   POST /langue                             language cookie, back to a local path
// Every POST checks the form's `_csrf` (web/csrf.hpp) and answers 303 with a flash message on
// success; validation errors re-render the form (400) with an error summary linked to the fields.
// Registering also sets the renderer's context resolver (logged-in header on error pages).
#pragma once

#include "account/module.hpp"
#include "http/router.hpp"
#include "web/renderer.hpp"

namespace passeur::account {

// `module` and `renderer` must outlive the router.
void RegisterAccountPages(http::Router& router, AccountModule& module, web::Renderer& renderer);

}  // namespace passeur::account
