#include "credential/did_web.hpp"

#include <algorithm>
#include <cctype>

namespace passeur::credential {
namespace {

using nlohmann::json;

core::Error Invalid(std::string message) { return core::Error::InvalidArgument(std::move(message)); }

struct UrlParts {
    std::string host;  // with the port, as written
    std::string path;  // without the leading and trailing '/'
};

core::Result<UrlParts> SplitBaseUrl(std::string_view url) {
    std::size_t scheme_end = 0;
    if (url.rfind("https://", 0) == 0) {
        scheme_end = 8;
    } else if (url.rfind("http://", 0) == 0) {
        scheme_end = 7;
    } else {
        return core::Fail(Invalid("the public URL must start with http:// or https://"));
    }
    std::string_view rest = url.substr(scheme_end);
    if (rest.find_first_of("?#") != std::string_view::npos) {
        return core::Fail(Invalid("the public URL must have no query or fragment"));
    }
    const auto slash = rest.find('/');
    UrlParts parts{std::string(rest.substr(0, slash)), ""};
    if (slash != std::string_view::npos) parts.path = std::string(rest.substr(slash + 1));
    while (!parts.path.empty() && parts.path.back() == '/') parts.path.pop_back();
    if (parts.host.empty()) return core::Fail(Invalid("the public URL has no host"));
    if (parts.host.find('@') != std::string::npos)
        return core::Fail(Invalid("the public URL must not carry a user"));
    return parts;
}

bool IsDidChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '%';
}

}  // namespace

core::Result<std::string> DidWebFromUrl(std::string_view base_url) {
    auto parts = SplitBaseUrl(base_url);
    if (!parts) return core::Fail(parts.error());
    std::string host;
    for (char c : parts->host) {
        if (c == ':') {
            host += "%3A";
        } else if (IsDidChar(c)) {
            host += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
            return core::Fail(Invalid(
                std::string("the public URL's host has a character a DID cannot carry: '") + c + "'"));
        }
    }
    std::string did = "did:web:" + host;
    if (!parts->path.empty()) {
        std::string segment;
        for (char c : parts->path + "/") {
            if (c == '/') {
                if (segment.empty()) return core::Fail(Invalid("the public URL's path has an empty segment"));
                did += ":" + segment;
                segment.clear();
            } else if (IsDidChar(c)) {
                segment += c;
            } else {
                return core::Fail(Invalid(
                    std::string("the public URL's path has a character a DID cannot carry: '") + c + "'"));
            }
        }
    }
    return did;
}

std::string DidDocumentPath(std::string_view base_url) {
    auto parts = SplitBaseUrl(base_url);
    if (!parts || parts->path.empty()) return "/.well-known/did.json";
    return "/" + parts->path + "/did.json";
}

json BuildDidDocument(std::string_view did, const std::vector<PublishedKey>& keys) {
    json contexts = json::array({"https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"});
    json methods = json::array();
    json ids = json::array();
    bool jwk = false;
    for (const auto& key : keys) {
        const std::string id = std::string(did) + "#" + key.fragment;
        ids.push_back(id);
        if (key.public_jwk.is_null()) {
            methods.push_back(json{{"id", id},
                                   {"type", "Multikey"},
                                   {"controller", std::string(did)},
                                   {"publicKeyMultibase", key.public_multibase}});
        } else {
            jwk = true;
            methods.push_back(json{{"id", id},
                                   {"type", "JsonWebKey2020"},
                                   {"controller", std::string(did)},
                                   {"publicKeyJwk", key.public_jwk}});
        }
    }
    if (jwk) contexts.push_back("https://w3id.org/security/suites/jws-2020/v1");
    return json{{"@context", contexts},
                {"id", std::string(did)},
                {"verificationMethod", methods},
                {"assertionMethod", ids},
                {"authentication", ids}};
}

std::string_view DidOfUrl(std::string_view did_url) {
    const auto end = did_url.find_first_of("/?#");
    return end == std::string_view::npos ? did_url : did_url.substr(0, end);
}

core::Result<json> AssertionMethodFromDidDocument(const json& doc, std::string_view verification_method) {
    if (!doc.is_object()) return core::Fail(Invalid("the DID document is not a JSON object"));
    const auto id_it = doc.find("id");
    if (id_it == doc.end() || !id_it->is_string())
        return core::Fail(Invalid("the DID document has no \"id\""));
    const std::string& did = id_it->get_ref<const std::string&>();
    if (DidOfUrl(verification_method) != did) {
        return core::Fail(Invalid("the key belongs to " + std::string(DidOfUrl(verification_method)) +
                                  ", not to the DID document of " + did));
    }
    const auto hash = verification_method.find('#');
    if (hash == std::string_view::npos)
        return core::Fail(Invalid("the verification method has no #fragment"));
    const std::string fragment(verification_method.substr(hash));
    auto matches = [&](const json& value) {
        if (!value.is_string()) return false;
        const auto& text = value.get_ref<const std::string&>();
        return text == verification_method || text == fragment;
    };
    const auto assertion = doc.find("assertionMethod");
    bool listed = false;
    if (assertion != doc.end() && assertion->is_array()) {
        for (const auto& entry : *assertion) {
            if (matches(entry) || (entry.is_object() && entry.contains("id") && matches(entry["id"])))
                listed = true;
        }
    }
    if (!listed) return core::Fail(Invalid("the key is not listed under assertionMethod"));
    const json* method = nullptr;
    if (const auto vms = doc.find("verificationMethod"); vms != doc.end() && vms->is_array()) {
        for (const auto& vm : *vms) {
            if (vm.is_object() && vm.contains("id") && matches(vm["id"])) method = &vm;
        }
    }
    if (method == nullptr && assertion != doc.end() && assertion->is_array()) {
        for (const auto& entry : *assertion) {
            if (entry.is_object() && entry.contains("id") && matches(entry["id"])) method = &entry;
        }
    }
    if (method == nullptr)
        return core::Fail(Invalid("no verification method " + fragment + " in the DID document"));
    if (const auto controller = method->find("controller");
        controller == method->end() || !controller->is_string() || *controller != did) {
        return core::Fail(Invalid("the verification method's controller is not " + did));
    }
    return *method;
}

core::Result<Ed25519PublicKey> Ed25519KeyFromDidDocument(const json& doc,
                                                         std::string_view verification_method) {
    auto found = AssertionMethodFromDidDocument(doc, verification_method);
    if (!found) return core::Fail(found.error());
    const json* method = &*found;
    const auto type = method->find("type");
    if (type == method->end() || !type->is_string() ||
        (*type != "Multikey" && *type != "Ed25519VerificationKey2020")) {
        return core::Fail(Invalid("the verification method is not an Ed25519 Multikey"));
    }
    const auto multibase = method->find("publicKeyMultibase");
    if (multibase == method->end() || !multibase->is_string()) {
        return core::Fail(Invalid("the verification method has no publicKeyMultibase"));
    }
    return ParseEd25519PublicKeyMultibase(multibase->get_ref<const std::string&>());
}

}  // namespace passeur::credential
