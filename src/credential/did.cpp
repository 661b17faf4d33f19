#include "credential/did.hpp"

#include <string>

namespace passeur::credential {
namespace {

constexpr std::string_view kDidKeyPrefix = "did:key:";

}  // namespace

std::string DidKeyFromPublicKey(const Ed25519PublicKey& public_key) {
    return std::string(kDidKeyPrefix) + Ed25519PublicKeyMultibase(public_key);
}

std::string DidKeyVerificationMethod(const Ed25519PublicKey& public_key) {
    const std::string multibase = Ed25519PublicKeyMultibase(public_key);
    return std::string(kDidKeyPrefix) + multibase + "#" + multibase;
}

core::Result<Ed25519PublicKey> ParseDidKey(std::string_view did_url) {
    if (did_url.size() > kMaxDidUrlChars) {
        return core::Fail(core::Error::InvalidArgument("did:key URL of " + std::to_string(did_url.size()) +
                                                       " characters is over the limit of " +
                                                       std::to_string(kMaxDidUrlChars)));
    }
    if (did_url.substr(0, kDidKeyPrefix.size()) != kDidKeyPrefix) {
        return core::Fail(core::Error::InvalidArgument("not a did:key URL (expected \"did:key:z6Mk...\")"));
    }
    std::string_view rest = did_url.substr(kDidKeyPrefix.size());
    std::string_view fragment;
    bool has_fragment = false;
    if (const auto hash = rest.find('#'); hash != std::string_view::npos) {
        fragment = rest.substr(hash + 1);
        rest = rest.substr(0, hash);
        has_fragment = true;
    }
    if (rest.find_first_of("/?;") != std::string_view::npos) {
        return core::Fail(core::Error::InvalidArgument("did:key URL has a path, query or parameter"));
    }
    if (rest.empty()) return core::Fail(core::Error::InvalidArgument("did:key URL has no key"));
    auto key = ParseEd25519PublicKeyMultibase(rest);
    if (!key) return core::Fail(core::Error::InvalidArgument("did:key: " + key.error().message));
    if (has_fragment && fragment != rest) {
        return core::Fail(
            core::Error::InvalidArgument("did:key fragment must be the key's own multibase (\"#" +
                                         std::string(rest.substr(0, 16)) + "...\")"));
    }
    return *key;
}

}  // namespace passeur::credential
