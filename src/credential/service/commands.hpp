// Command-line tools of the platform's issuer:
//   passeur keys create [--type ed25519|rsa]   an issuer key (rotation = create; RSA: 3072 bits)
//   passeur keys list|did-document          issuer keys and the did:web document
//   passeur credential sign FILE [--format di|jwt] [--alg EdDSA|RS256] [--issuer did:web|did:key]
//   passeur credential revoke|suspend|reinstate ID
//   passeur credential status-list N        the signed status list credential N
//   passeur verify FILE [--json] [--doc FILE]...   exit 0 only when valid
// Every one takes --db, --public-url (default $PASSEUR_PUBLIC_URL, else http://127.0.0.1:8080: the
// same as the server's, since it makes the did:web) and --key-file (default: beside the SQLite file).
#pragma once

#include <CLI/CLI.hpp>

#include "core/command.hpp"

namespace passeur::credential {

core::CommandRunner AddCredentialCommands(CLI::App& cli, const core::CommandEnv& env);

}  // namespace passeur::credential
