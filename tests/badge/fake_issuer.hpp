// A CredentialIssuer for the badge tests: keeps every input and each credential's state, follows
// the contract of credential/issuer.hpp (Conflict on a second issue of one id, revoked is final,
// NotFound for an unknown id) and can be told to fail. Its "proof" is a fixed marker, not a
// signature: the badge component never looks inside.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "credential/issuer.hpp"

namespace passeur::badge::testing {

class FakeIssuer final : public credential::CredentialIssuer {
public:
    core::Result<credential::IssuedCredential> IssueOpenBadge(
        const credential::AwardCredentialInput& input) override {
        ++issue_calls;
        if (fail_issue) return core::Fail(*fail_issue);
        if (states.count(input.credential_id) != 0) {
            return core::Fail(core::Error::Conflict("credential already issued: " + input.credential_id));
        }
        inputs.push_back(input);
        states[input.credential_id] = credential::CredentialState::kActive;
        nlohmann::json credential = {
            {"@context",
             {"https://www.w3.org/ns/credentials/v2",
              "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
            {"id", input.credential_id},
            {"type", {"VerifiableCredential", "OpenBadgeCredential"}},
            {"issuer", {{"id", "did:web:passeur.example"}, {"type", {"Profile"}}, {"name", "passeur"}}},
            {"validFrom", input.awarded_at},
            {"credentialSubject",
             {{"type", {"AchievementSubject"}},
              {"identifier", {{{"type", "IdentityObject"}, {"identityHash", "sha256$fake"}}}},
              {"achievement", input.achievement}}},
            {"proof",
             {{"type", "DataIntegrityProof"}, {"cryptosuite", "eddsa-rdfc-2022"}, {"proofValue", "zFake"}}}};
        if (input.valid_until) credential["validUntil"] = *input.valid_until;
        if (!input.evidence.empty()) credential["evidence"] = input.evidence;
        if (after_issue) {
            auto hook = std::move(after_issue);  // one shot
            after_issue = nullptr;
            hook(input);
        }
        return credential::IssuedCredential{credential, next_index++};
    }

    core::Result<void> SetState(std::string_view credential_id, credential::CredentialState state) override {
        ++state_calls;
        if (fail_state) return core::Fail(*fail_state);
        auto it = states.find(std::string(credential_id));
        if (it == states.end()) return core::Fail(core::Error::NotFound("unknown credential"));
        if (it->second == credential::CredentialState::kRevoked) {
            return core::Fail(core::Error::Conflict("revoked credentials stay revoked"));
        }
        it->second = state;
        return core::Ok();
    }

    std::optional<credential::CredentialState> StateOf(const std::string& credential_id) const {
        auto it = states.find(credential_id);
        if (it == states.end()) return std::nullopt;
        return it->second;
    }

    std::vector<credential::AwardCredentialInput> inputs;
    std::map<std::string, credential::CredentialState> states;
    std::optional<core::Error> fail_issue;
    std::optional<core::Error> fail_state;
    // Runs once, after the next credential is issued and before it is returned (to play a
    // concurrent writer).
    std::function<void(const credential::AwardCredentialInput&)> after_issue;
    int issue_calls = 0;
    int state_calls = 0;
    std::uint64_t next_index = 0;
};

}  // namespace passeur::badge::testing
