# Embeds the built-in JSON-LD contexts (data/jsonld-contexts/) into passeur_credential.
# Sets passeur_jsonld_context_sources: the generated .cpp files, one per context, each defining
# `extern const std::string_view passeur::credential::embedded::k<Symbol>`.
# Keep in step with the table in contexts.cpp.
set(passeur_jsonld_contexts
  "credentials-v2.jsonld|kCredentialsV2"
  "credentials-v1.jsonld|kCredentialsV1"
  "data-integrity-v2.jsonld|kDataIntegrityV2"
  "multikey-v1.jsonld|kMultikeyV1"
  "did-v1.jsonld|kDidV1"
  "vc-bitstring-status-list-v1.jsonld|kBitstringStatusListV1"
  "ob-v3p0-context-3.0.3.json|kOpenBadgesV3p0Context303"
  "ob-v3p0-extensions.json|kOpenBadgesV3p0Extensions"
  "ed25519-signature-2020-v1.jsonld|kEd25519Signature2020V1")
set(passeur_jsonld_context_sources)
foreach(entry IN LISTS passeur_jsonld_contexts)
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 context_file)
  list(GET parts 1 context_symbol)
  set(context_input ${CMAKE_SOURCE_DIR}/data/jsonld-contexts/${context_file})
  set(context_cpp ${CMAKE_CURRENT_BINARY_DIR}/jsonld_context_${context_symbol}.cpp)
  add_custom_command(
    OUTPUT ${context_cpp}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${context_input} -DOUTPUT=${context_cpp}
            -DNAMESPACE=passeur::credential::embedded -DSYMBOL=${context_symbol}
            -P ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS ${context_input} ${CMAKE_SOURCE_DIR}/cmake/embed_file.cmake
    COMMENT "Embedding the JSON-LD context ${context_file}"
    VERBATIM)
  list(APPEND passeur_jsonld_context_sources ${context_cpp})
endforeach()
