// The RDF data model of passeur::credential: terms, quads, datasets, and N-Quads in and out.
//
// Contract: a Dataset is a plain list of quads (duplicates are kept as given; canonicalization
// removes them). Blank node labels are stored without the "_:" prefix, IRIs without "<" ">".
// Strings are UTF-8. The parser validates the whole N-Quads grammar; other producers (JSON-LD to
// RDF) must build terms with the factory functions below so that every literal has a datatype.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace passeur::credential {

inline constexpr std::string_view kXsdString = "http://www.w3.org/2001/XMLSchema#string";
inline constexpr std::string_view kRdfLangString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

enum class TermKind : std::uint8_t { kIri, kBlankNode, kLiteral };

// One RDF term. For an IRI, `value` is the IRI; for a blank node, its label (no "_:"); for a
// literal, its lexical form, with `datatype` the datatype IRI (kXsdString for a simple literal,
// kRdfLangString when `language` is set) and `language` the language tag ("" when none).
struct Term {
    TermKind kind = TermKind::kIri;
    std::string value;
    std::string datatype;
    std::string language;

    static Term Iri(std::string iri) { return Term{TermKind::kIri, std::move(iri), {}, {}}; }
    static Term Blank(std::string label) { return Term{TermKind::kBlankNode, std::move(label), {}, {}}; }
    // A typed literal; a simple literal has datatype kXsdString (the default).
    static Term Literal(std::string lexical, std::string datatype = std::string(kXsdString)) {
        return Term{TermKind::kLiteral, std::move(lexical), std::move(datatype), {}};
    }
    // A language-tagged literal (datatype rdf:langString).
    static Term LangLiteral(std::string lexical, std::string language) {
        return Term{TermKind::kLiteral, std::move(lexical), std::string(kRdfLangString), std::move(language)};
    }

    bool IsIri() const { return kind == TermKind::kIri; }
    bool IsBlank() const { return kind == TermKind::kBlankNode; }
    bool IsLiteral() const { return kind == TermKind::kLiteral; }

    friend bool operator==(const Term&, const Term&) = default;
};

// A quad; `graph` is std::nullopt for the default graph, else an IRI or a blank node.
struct Quad {
    Term subject;    // IRI or blank node
    Term predicate;  // IRI
    Term object;     // IRI, blank node or literal
    std::optional<Term> graph;

    friend bool operator==(const Quad&, const Quad&) = default;
};

using Dataset = std::vector<Quad>;

// Bounds of ParseNQuads.
inline constexpr std::size_t kMaxNQuadsBytes = 8 * 1024 * 1024;
inline constexpr std::size_t kMaxQuads = 100'000;

// Parses an N-Quads document (RDF 1.1 N-Quads grammar: IRIs, blank node labels, literals with
// escapes \t \b \n \r \f \" \' \\ \uXXXX \UXXXXXXXX, language tags, datatypes, comments).
// Errors are kInvalidArgument and say "line L, column C: what" (1-based, column in bytes);
// over kMaxNQuadsBytes or kMaxQuads is an error too. Escapes are decoded; IRIs must be absolute
// (have a scheme) and contain no space or forbidden character.
core::Result<Dataset> ParseNQuads(std::string_view text);

// Appends one term in canonical N-Quads form (blank nodes as "_:" + label).
void AppendTerm(const Term& term, std::string& out);

// One quad in canonical N-Quads form, ending with " .\n" (RDF 1.2 N-Quads canonical form:
// literals escape only \" \\ \n \r and, as \b \t \f or \u00XX, other control characters;
// xsd:string datatypes omitted).
std::string SerializeNQuad(const Quad& quad);
// Appends SerializeNQuad(quad) to `out` (no allocation beyond out's growth).
void AppendNQuad(const Quad& quad, std::string& out);
// The quads in the given order, each as SerializeNQuad.
std::string SerializeNQuads(const Dataset& dataset);

}  // namespace passeur::credential
