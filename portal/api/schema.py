"""The public verification endpoints are plain Django views (ETag, public caching, the public rate limit) and
stay so; this drf-spectacular post-processing hook describes them in the same OpenAPI document."""

NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "string"},
          "description": "The certificate or accreditation number, in any case, with or without dashes."}
PROBLEMS = {
    "400": {"description": "Mistyped (the check character does not match) or not a number: `{error, detail}`."},
    "404": {"description": "No credential has this number."},
    "429": {"description": "Too many requests from this address; see `Retry-After`."},
}
JWT = {"application/vc+jwt": {"schema": {"type": "string", "description": "A compact JWS (VC-JOSE)."}}}


def _get(operation_id, summary, description, responses, parameters=(), tag="public verification"):
    return {"get": {"operationId": operation_id, "tags": [tag], "summary": summary, "description": description, "parameters": list(parameters),
                    "security": [], "responses": responses}}


PARTNER_PROBLEMS = {
    "400": {"description": "A parameter or body we cannot use: `{parameter: [reason]}` (or `{detail}`)."},
    "401": {"description": "No token, an expired one, or a revoked partner's."},
    "403": {"description": "The token lacks this endpoint's scope."},
    "429": {"description": "Past the partner's rate limit; see `Retry-After`."},
}


def add_public_endpoints(result, generator, request, public):
    paths = result.setdefault("paths", {})
    # What every partner endpoint may answer besides 200 (DRF's defaults, and our 400s for odd parameters).
    for path, operations in paths.items():
        if path.startswith("/api/v1/partner/"):
            for operation in operations.values():
                operation["responses"] = {**operation["responses"], **PARTNER_PROBLEMS}
                if "{number}" in path:
                    operation["responses"]["404"] = {"description": "No credential has this number."}
    paths["/api/v1/credentials/{number}/"] = _get(
        "public_credential", "Verify a credential (public, no sign-in)",
        "The public facts and the status to act on, as the public verification page shows them. Cached by HTTP "
        "(ETag, `Cache-Control: public`).",
        {"200": {"description": "The public facts.",
                 "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Credential"}}}}, **PROBLEMS},
        [NUMBER],
    )
    paths["/api/v1/credentials/{number}/vc/"] = _get(
        "public_credential_vc", "The credential as a W3C Verifiable Credential (OpenBadgeCredential, VC-JOSE)",
        "Signed EdDSA; the `kid` names the issuer profile's key. Revocation and suspension by Bitstring Status List.",
        {"200": {"description": "The signed credential.", "content": JWT}, **PROBLEMS}, [NUMBER],
    )
    paths["/api/v1/keys/"] = _get(
        "public_keys", "The public keys of the signatures in the certificates' QR codes", "Ed25519, base64url and PEM.",
        {"200": {"description": "The keys."}},
    )
    issuer = {"name": "issuer", "in": "path", "required": True, "schema": {"type": "string", "enum": ["lsp", "balks"]}}
    paths["/api/v1/issuers/{issuer}/"] = _get(
        "issuer_profile", "An issuer's profile with its verification keys (JSON Web Keys), retired ones included", "",
        {"200": {"description": "The profile."}, "404": {"description": "No such issuer."}}, [issuer],
    )
    paths["/api/v1/status/{issuer}/{purpose}/{number}/"] = _get(
        "status_list", "A signed Bitstring Status List", "131,072 entries per list; cached publicly, revalidated by ETag.",
        {"200": {"description": "The signed status list credential.", "content": JWT},
         "404": {"description": "No such list."}},
        [issuer, {"name": "purpose", "in": "path", "required": True,
                  "schema": {"type": "string", "enum": ["revocation", "suspension"]}},
         {"name": "number", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}}],
    )
    return result
