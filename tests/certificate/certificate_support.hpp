// Test helpers for the PDF certificate: a typical input and structural checks of a PDF file.
#pragma once

#include <string>
#include <vector>

#include "certificate/certificate_pdf.hpp"

namespace passeur::certificate::test_support {

// A realistic French certificate: 3 competences, learner shown, expiry date, creation date.
inline CertificateInput SampleInput() {
    CertificateInput input;
    input.lang = "fr";
    input.badge_name = "Accompagner les démarches administratives en ligne";
    input.learner_name = "Élodie Garçon";
    input.issuer_name = "Hub numérique Hauts-de-France";
    input.competences = {
        {"Sécuriser l’équipement et les données", "Niveau 3 – Intermédiaire"},
        {"Interagir avec les services publics en ligne", "Niveau 4"},
        {"Protéger la santé, le bien-être et l’environnement", ""},
    };
    input.awarded_on = "12 mars 2025";
    input.expires_on = "12 mars 2028";
    input.credential_id = "urn:uuid:6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40";
    input.verify_url = "https://passeur.example.fr/verifier/6f1c2a8e-4b7d-4e0a-9c3f-2d5b8e1a7c40";
    input.creation_date = "2025-03-12T09:30:00Z";
    return input;
}

// The content of the file's only stream (the page's content stream).
inline std::string ContentStream(const std::string& pdf) {
    const std::size_t start = pdf.find("stream\n");
    const std::size_t end = pdf.find("\nendstream", start);
    if (start == std::string::npos || end == std::string::npos) return {};
    return pdf.substr(start + 7, end - start - 7);
}

inline std::size_t Count(const std::string& haystack, const std::string& needle) {
    std::size_t count = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
        ++count;
    return count;
}

// The strings shown by Tj in the content stream, unescaped, in order.
inline std::vector<std::string> ShownStrings(const std::string& content) {
    std::vector<std::string> shown;
    std::size_t at = 0;
    while ((at = content.find(" Tm (", at)) != std::string::npos) {
        at += 5;
        std::string text;
        while (at < content.size() && content[at] != ')') {
            if (content[at] == '\\') ++at;
            text += content[at++];
        }
        shown.push_back(text);
    }
    return shown;
}

}  // namespace passeur::certificate::test_support
