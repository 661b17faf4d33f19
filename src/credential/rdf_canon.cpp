#include "credential/rdf_canon.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <openssl/evp.h>

namespace passeur::credential {
namespace {

constexpr std::uint32_t kNone = UINT32_MAX;
constexpr char kHexLower[] = "0123456789abcdef";

// The digest, fetched from OpenSSL's default provider once per process: EVP_sha256() would make
// every EVP_DigestInit_ex fetch it again (about 1 µs each, dozens of times per canonicalization).
// Fetched EVP_MDs are immutable and safe to share between threads; they live until exit.
const EVP_MD* Digest(HashAlgorithm algorithm) {
    static const EVP_MD* const sha256 = [] {
        const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
        return md ? md : EVP_sha256();
    }();
    static const EVP_MD* const sha384 = [] {
        const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA384", nullptr);
        return md ? md : EVP_sha384();
    }();
    return algorithm == HashAlgorithm::kSha384 ? sha384 : sha256;
}

// A reusable digest context (one per Canonicalize call).
class Hasher {
public:
    explicit Hasher(HashAlgorithm algorithm) : md_(Digest(algorithm)), ctx_(EVP_MD_CTX_new()) {}
    ~Hasher() { EVP_MD_CTX_free(ctx_); }
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    bool Ok() const { return ctx_ != nullptr && md_ != nullptr; }
    void Begin() { EVP_DigestInit_ex(ctx_, md_, nullptr); }
    void Update(std::string_view data) { EVP_DigestUpdate(ctx_, data.data(), data.size()); }
    std::string FinishHex() {
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx_, md.data(), &len);
        std::string hex(std::size_t{len} * 2, '0');
        for (unsigned int i = 0; i < len; ++i) {
            hex[2 * i] = kHexLower[md[i] >> 4];
            hex[2 * i + 1] = kHexLower[md[i] & 0xF];
        }
        return hex;
    }
    std::string Hex(std::string_view data) {
        Begin();
        Update(data);
        return FinishHex();
    }

private:
    const EVP_MD* md_;
    EVP_MD_CTX* ctx_;
};

void AppendNumber(std::uint32_t n, std::string& out) {
    std::array<char, 12> buf{};
    auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), n);
    (void)ec;
    out.append(buf.data(), end);
}

// The blank nodes (dense indices, kNone when the component is not a blank node) of one quad:
// subject, object, graph — the order of the positions "s", "o", "g".
struct QuadBlanks {
    std::array<std::uint32_t, 3> node{kNone, kNone, kNone};
    bool Any() const { return node[0] != kNone || node[1] != kNone || node[2] != kNone; }
};

// Writes `quad` in canonical N-Quads form, blank nodes written by `blank(node, out)`.
template <typename BlankWriter>
void AppendQuadMapped(const Quad& quad, const QuadBlanks& blanks, BlankWriter&& blank, std::string& out) {
    auto term = [&](const Term& t, std::uint32_t node) {
        if (node != kNone) {
            out += "_:";
            blank(node, out);
        } else {
            AppendTerm(t, out);
        }
    };
    term(quad.subject, blanks.node[0]);
    out.push_back(' ');
    AppendTerm(quad.predicate, out);
    out.push_back(' ');
    term(quad.object, blanks.node[1]);
    out.push_back(' ');
    if (quad.graph) {
        term(*quad.graph, blanks.node[2]);
        out.push_back(' ');
    }
    out += ".\n";
}

// An identifier issuer over dense blank node indices: order lists the nodes in issue order (the
// issued number is the position). Sparse, so copies cost the issued count, not the dataset's
// blank node count; an index is kept once it grows past a few entries.
struct Issuer {
    static constexpr std::size_t kLinear = 16;
    std::vector<std::uint32_t> order;
    std::unordered_map<std::uint32_t, std::uint32_t> index;  // filled when order.size() > kLinear

    std::int64_t Find(std::uint32_t node) const {
        if (order.size() <= kLinear) {
            for (std::size_t i = 0; i < order.size(); ++i) {
                if (order[i] == node) return static_cast<std::int64_t>(i);
            }
            return -1;
        }
        auto it = index.find(node);
        return it == index.end() ? -1 : static_cast<std::int64_t>(it->second);
    }
    bool Has(std::uint32_t node) const { return Find(node) >= 0; }
    std::uint32_t Issue(std::uint32_t node) {
        std::int64_t found = Find(node);
        if (found >= 0) return static_cast<std::uint32_t>(found);
        auto number = static_cast<std::uint32_t>(order.size());
        order.push_back(node);
        if (order.size() == kLinear + 1) {
            for (std::uint32_t i = 0; i < order.size(); ++i) index.emplace(order[i], i);
        } else if (order.size() > kLinear + 1) {
            index.emplace(node, number);
        }
        return number;
    }
};

class Canonicalizer {
public:
    Canonicalizer(const Dataset& dataset, const CanonOptions& options)
        : dataset_(dataset), options_(options), hasher_(options.hash_algorithm) {}

    core::Result<CanonicalResult> Run() {
        if (!hasher_.Ok())
            return core::Fail(core::Error::Internal("RDF canonicalization: no digest context"));
        PASSEUR_TRY(Prepare());
        CanonicalResult result;
        const std::size_t nodes = labels_.size();
        if (nodes > 0) {
            ndegree_limit_ = options_.max_ndegree_calls_per_blank_node * nodes;
            canonical_.assign(nodes, -1);
            // Steps 3-4: first-degree hashes; blank nodes with a unique hash get their label first.
            first_degree_.resize(nodes);
            std::vector<std::pair<std::string_view, std::uint32_t>> by_hash;
            by_hash.reserve(nodes);
            for (std::uint32_t n = 0; n < nodes; ++n) {
                first_degree_[n] = HashFirstDegree(n);
                by_hash.emplace_back(first_degree_[n], n);
            }
            std::stable_sort(by_hash.begin(), by_hash.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<std::pair<std::size_t, std::size_t>> shared;  // [begin, end) of non-unique groups
            for (std::size_t i = 0; i < by_hash.size();) {
                std::size_t j = i + 1;
                while (j < by_hash.size() && by_hash[j].first == by_hash[i].first) ++j;
                if (j - i == 1) {
                    IssueCanonical(by_hash[i].second);
                } else {
                    shared.emplace_back(i, j);
                }
                i = j;
            }
            // Step 5: groups of blank nodes sharing a first-degree hash, in hash order.
            for (auto [begin, end] : shared) {
                std::vector<std::pair<std::string, Issuer>> paths;
                for (std::size_t i = begin; i < end; ++i) {
                    std::uint32_t n = by_hash[i].second;
                    if (canonical_[n] >= 0) continue;
                    Issuer temporary;
                    temporary.Issue(n);
                    auto hash = HashNDegree(n, temporary, 0);
                    if (!hash) return core::Fail(std::move(hash.error()));
                    paths.emplace_back(std::move(*hash), std::move(temporary));
                }
                std::stable_sort(paths.begin(), paths.end(),
                                 [](const auto& a, const auto& b) { return a.first < b.first; });
                for (const auto& [hash, issuer] : paths) {
                    for (std::uint32_t n : issuer.order) IssueCanonical(n);
                }
            }
            result.issued.resize(canonical_count_);
            for (std::uint32_t n = 0; n < nodes; ++n) {
                auto& entry = result.issued[static_cast<std::size_t>(canonical_[n])];
                entry.first = std::string(labels_[n]);
                entry.second = "c14n";
                AppendNumber(static_cast<std::uint32_t>(canonical_[n]), entry.second);
            }
        }
        result.nquads = SerializeCanonical();
        return result;
    }

    core::Result<std::string> FirstDegreeOf(std::string_view label) {
        if (!hasher_.Ok())
            return core::Fail(core::Error::Internal("RDF canonicalization: no digest context"));
        PASSEUR_TRY(Prepare());
        for (std::uint32_t n = 0; n < labels_.size(); ++n) {
            if (labels_[n] == label) return HashFirstDegree(n);
        }
        return core::Fail(core::Error::NotFound("no blank node _:" + std::string(label) + " in the dataset"));
    }

private:
    // Validates the quads, gives blank nodes dense indices, drops duplicate quads.
    core::Result<void> Prepare() {
        if (dataset_.size() > kMaxQuads) {
            return core::Fail(core::Error::InvalidArgument("RDF canonicalization: more than " +
                                                           std::to_string(kMaxQuads) + " quads"));
        }
        std::unordered_map<std::string_view, std::uint32_t> index;
        std::vector<QuadBlanks> blanks(dataset_.size());
        auto node_of = [&](const Term& term) -> std::uint32_t {
            if (!term.IsBlank()) return kNone;
            auto [it, inserted] = index.try_emplace(term.value, static_cast<std::uint32_t>(labels_.size()));
            if (inserted) labels_.push_back(term.value);
            return it->second;
        };
        // Original lines (input labels) to find duplicates; reused for quads without blank nodes.
        std::vector<std::size_t> offsets;
        offsets.reserve(dataset_.size() + 1);
        original_.reserve(dataset_.size() * 128);
        for (std::size_t i = 0; i < dataset_.size(); ++i) {
            const Quad& q = dataset_[i];
            if (q.subject.IsLiteral() || !q.predicate.IsIri() || (q.graph && q.graph->IsLiteral())) {
                return core::Fail(core::Error::InvalidArgument(
                    "RDF canonicalization: quad " + std::to_string(i) +
                    " is not valid RDF (literal subject or graph, or a predicate that is not an IRI)"));
            }
            blanks[i].node[0] = node_of(q.subject);
            blanks[i].node[1] = node_of(q.object);
            if (q.graph) blanks[i].node[2] = node_of(*q.graph);
            offsets.push_back(original_.size());
            AppendNQuad(q, original_);
        }
        offsets.push_back(original_.size());
        auto line = [&](std::uint32_t i) {
            return std::string_view(original_).substr(offsets[i], offsets[i + 1] - offsets[i]);
        };
        // Duplicates matter before hashing only among quads with blank nodes (usually few);
        // duplicate ground quads are dropped when the output is sorted.
        std::vector<std::uint32_t> with_blanks;
        for (std::uint32_t i = 0; i < dataset_.size(); ++i) {
            if (blanks[i].Any()) with_blanks.push_back(i);
        }
        std::sort(with_blanks.begin(), with_blanks.end(), [&](std::uint32_t a, std::uint32_t b) {
            auto la = line(a);
            auto lb = line(b);
            return la != lb ? la < lb : a < b;
        });
        std::vector<bool> duplicate(dataset_.size(), false);
        for (std::size_t k = 1; k < with_blanks.size(); ++k) {
            if (line(with_blanks[k]) == line(with_blanks[k - 1])) duplicate[with_blanks[k]] = true;
        }
        node_quads_.resize(labels_.size());
        quads_.reserve(dataset_.size());
        blanks_.reserve(dataset_.size());
        lines_.reserve(dataset_.size());
        for (std::uint32_t i = 0; i < dataset_.size(); ++i) {
            if (duplicate[i]) continue;
            auto position = static_cast<std::uint32_t>(quads_.size());
            quads_.push_back(i);
            blanks_.push_back(blanks[i]);
            lines_.push_back(line(i));
            for (std::uint32_t node : blanks[i].node) {
                if (node == kNone) continue;
                auto& list = node_quads_[node];
                if (list.empty() || list.back() != position) list.push_back(position);
            }
        }
        return core::Ok();
    }

    void IssueCanonical(std::uint32_t node) {
        if (canonical_[node] < 0) canonical_[node] = static_cast<std::int32_t>(canonical_count_++);
    }

    // Hash First Degree Quads (spec 4.6): the node's quads with itself as _:a and other blank
    // nodes as _:z, sorted, concatenated and hashed.
    std::string HashFirstDegree(std::uint32_t node) {
        scratch_.clear();
        scratch_offsets_.clear();
        auto write = [node](std::uint32_t other, std::string& out) {
            out.push_back(other == node ? 'a' : 'z');
        };
        for (std::uint32_t position : node_quads_[node]) {
            scratch_offsets_.push_back(scratch_.size());
            AppendQuadMapped(dataset_[quads_[position]], blanks_[position], write, scratch_);
        }
        scratch_offsets_.push_back(scratch_.size());
        scratch_views_.clear();
        for (std::size_t k = 0; k + 1 < scratch_offsets_.size(); ++k) {
            scratch_views_.push_back(std::string_view(scratch_).substr(
                scratch_offsets_[k], scratch_offsets_[k + 1] - scratch_offsets_[k]));
        }
        std::sort(scratch_views_.begin(), scratch_views_.end());
        hasher_.Begin();
        for (std::string_view v : scratch_views_) hasher_.Update(v);
        return hasher_.FinishHex();
    }

    // Hash Related Blank Node (spec 4.7).
    std::string HashRelated(std::uint32_t related, const Quad& quad, const Issuer& issuer, char position) {
        std::string input;
        input.reserve(160);
        input.push_back(position);
        if (position != 'g') {
            input.push_back('<');
            input += quad.predicate.value;
            input.push_back('>');
        }
        if (canonical_[related] >= 0) {
            input += "_:c14n";
            AppendNumber(static_cast<std::uint32_t>(canonical_[related]), input);
        } else if (std::int64_t number = issuer.Find(related); number >= 0) {
            input += "_:b";
            AppendNumber(static_cast<std::uint32_t>(number), input);
        } else {
            input += first_degree_[related];
        }
        return hasher_.Hex(input);
    }

    tl::unexpected<core::Error> TooMuchWork(const std::string& what) const {
        return core::Fail(core::Error::InvalidArgument(
            "RDF canonicalization stopped: " + what +
            " (a dataset with many indistinguishable blank nodes, possibly a poison graph)"));
    }

    // Hash N-Degree Quads (spec 4.8). On success, `issuer` is replaced by the chosen issuer.
    core::Result<std::string> HashNDegree(std::uint32_t node, Issuer& issuer, std::size_t depth) {
        if (++ndegree_calls_ > ndegree_limit_) {
            return TooMuchWork("Hash N-Degree Quads ran more than " + std::to_string(ndegree_limit_) +
                               " times");
        }
        if (depth > options_.max_recursion_depth) {
            return TooMuchWork("Hash N-Degree Quads nested more than " +
                               std::to_string(options_.max_recursion_depth) + " deep");
        }
        // Steps 1-3: related blank nodes by the hash of their relation.
        std::vector<std::pair<std::string, std::uint32_t>> related;
        static constexpr std::array<char, 3> kPositions{'s', 'o', 'g'};
        for (std::uint32_t position : node_quads_[node]) {
            const Quad& quad = dataset_[quads_[position]];
            const QuadBlanks& blanks = blanks_[position];
            for (std::size_t p = 0; p < 3; ++p) {
                std::uint32_t other = blanks.node[p];
                if (other == kNone || other == node) continue;
                related.emplace_back(HashRelated(other, quad, issuer, kPositions[p]), other);
            }
        }
        std::stable_sort(related.begin(), related.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        // Steps 4-5: for each related hash in order, the smallest path over the permutations.
        std::string data_to_hash;
        for (std::size_t i = 0; i < related.size();) {
            std::size_t j = i + 1;
            while (j < related.size() && related[j].first == related[i].first) ++j;
            data_to_hash += related[i].first;
            std::vector<std::uint32_t> permutation;
            permutation.reserve(j - i);
            for (std::size_t k = i; k < j; ++k) permutation.push_back(related[k].second);
            std::sort(permutation.begin(), permutation.end());
            std::string chosen_path;
            Issuer chosen_issuer;
            auto worse = [&](const std::string& path) {
                return !chosen_path.empty() && path.size() >= chosen_path.size() && path > chosen_path;
            };
            do {
                work_ += 1 + permutation.size() + issuer.order.size();
                if (work_ > options_.max_work) {
                    return TooMuchWork("the permutations of related blank nodes took more than " +
                                       std::to_string(options_.max_work) + " steps");
                }
                Issuer issuer_copy = issuer;
                std::string path;
                std::vector<std::uint32_t> recursion;
                bool skip = false;
                for (std::uint32_t other : permutation) {
                    if (canonical_[other] >= 0) {
                        path += "_:c14n";
                        AppendNumber(static_cast<std::uint32_t>(canonical_[other]), path);
                    } else {
                        if (!issuer_copy.Has(other)) recursion.push_back(other);
                        path += "_:b";
                        AppendNumber(issuer_copy.Issue(other), path);
                    }
                    if (worse(path)) {
                        skip = true;
                        break;
                    }
                }
                if (skip) continue;
                for (std::uint32_t other : recursion) {
                    auto hash = HashNDegree(other, issuer_copy, depth + 1);
                    if (!hash) return hash;
                    path += "_:b";
                    AppendNumber(issuer_copy.Issue(other), path);
                    path.push_back('<');
                    path += *hash;
                    path.push_back('>');
                    if (worse(path)) {
                        skip = true;
                        break;
                    }
                }
                if (skip) continue;
                if (chosen_path.empty() || path < chosen_path) {
                    chosen_path = std::move(path);
                    chosen_issuer = std::move(issuer_copy);
                }
            } while (std::next_permutation(permutation.begin(), permutation.end()));
            data_to_hash += chosen_path;
            issuer = std::move(chosen_issuer);
            i = j;
        }
        return hasher_.Hex(data_to_hash);
    }

    // Step 6 and serialization: quads with canonical labels, sorted, concatenated.
    std::string SerializeCanonical() {
        std::string relabelled;
        std::vector<std::size_t> offsets;
        auto write = [this](std::uint32_t node, std::string& out) {
            out += "c14n";
            AppendNumber(static_cast<std::uint32_t>(canonical_[node]), out);
        };
        for (std::size_t k = 0; k < quads_.size(); ++k) {
            if (!blanks_[k].Any()) continue;
            offsets.push_back(relabelled.size());
            AppendQuadMapped(dataset_[quads_[k]], blanks_[k], write, relabelled);
        }
        offsets.push_back(relabelled.size());
        std::vector<std::string_view> lines;  // canonical lines, one per quad
        lines.reserve(quads_.size());
        std::size_t size = 0;
        std::size_t next = 0;
        for (std::size_t k = 0; k < quads_.size(); ++k) {
            if (blanks_[k].Any()) {
                lines.push_back(
                    std::string_view(relabelled).substr(offsets[next], offsets[next + 1] - offsets[next]));
                ++next;
            } else {
                lines.push_back(lines_[k]);
            }
            size += lines.back().size();
        }
        std::sort(lines.begin(), lines.end());
        lines.erase(std::unique(lines.begin(), lines.end()), lines.end());  // duplicate quads
        std::string out;
        out.reserve(size);
        for (std::string_view l : lines) out += l;
        return out;
    }

    const Dataset& dataset_;
    const CanonOptions& options_;
    Hasher hasher_;

    std::string original_;                                // every input quad serialized
    std::vector<std::uint32_t> quads_;                    // distinct quads: their index in dataset_
    std::vector<QuadBlanks> blanks_;                      // parallel to quads_
    std::vector<std::string_view> lines_;                 // parallel to quads_: view into original_
    std::vector<std::string_view> labels_;                // node -> input label
    std::vector<std::vector<std::uint32_t>> node_quads_;  // node -> positions in quads_
    std::vector<std::string> first_degree_;               // node -> first-degree hash
    std::vector<std::int32_t> canonical_;                 // node -> canonical number, -1 when none
    std::uint32_t canonical_count_ = 0;

    std::size_t ndegree_calls_ = 0;
    std::size_t ndegree_limit_ = 0;
    std::size_t work_ = 0;

    std::string scratch_;
    std::vector<std::size_t> scratch_offsets_;
    std::vector<std::string_view> scratch_views_;
};

}  // namespace

core::Result<CanonicalResult> Canonicalize(const Dataset& dataset, const CanonOptions& options) {
    return Canonicalizer(dataset, options).Run();
}

core::Result<std::string> HashFirstDegreeQuads(const Dataset& dataset, std::string_view label,
                                               HashAlgorithm algorithm) {
    CanonOptions options;
    options.hash_algorithm = algorithm;
    return Canonicalizer(dataset, options).FirstDegreeOf(label);
}

std::string HashHex(HashAlgorithm algorithm, std::string_view data) { return Hasher(algorithm).Hex(data); }

}  // namespace passeur::credential
