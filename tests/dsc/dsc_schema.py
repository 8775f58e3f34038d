"""JSON Schema validation against Microsoft's bundled DSC v3 schemas
(schemas/dsc/v3/bundled) with Debian's python3-jsonschema (4.10, which
CI installs) and later releases alike.

The bundles name their parts by absolute $id and hold properties called
"$id" (the instance-schema keyword itself, and an example); jsonschema
4.10's RefResolver takes those property definitions for subschema ids and
fails. A resolver that skips them is all it needs; 4.18 and later resolve
the bundles through `referencing` and need nothing.

4.10 also fails on the 2020-12 metaschema's $dynamicRef when a bundle
refers to the metaschema itself (the manifest schema checks every embedded
property definition that way). For 4.10 those references are dropped and
callers check embedded schemas with check_schema(), which validates against
the same metaschema and works there."""
import json
import os

import jsonschema
from jsonschema import Draft202012Validator

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUNDLED = os.path.join(ROOT, "schemas", "dsc", "v3", "bundled")


def load(rel):
    with open(os.path.join(BUNDLED, rel), encoding="utf-8") as f:
        return json.load(f)


def _legacy_resolver(schema):
    resolver_cls = jsonschema.RefResolver

    class Resolver(resolver_cls):
        def _get_subschemas_cache(self):
            cache = resolver_cls._get_subschemas_cache(self)
            cache = dict(cache)
            cache["$id"] = [s for s in cache.get("$id", [])
                            if isinstance(s.get("$id"), str)]
            return cache

    return Resolver.from_schema(schema)


METASCHEMAS = ("https://json-schema.org/draft/2020-12/schema",
               "https://json-schema.org/draft/2019-09/schema",
               "http://json-schema.org/draft-07/schema#")


def _drop_metaschema_refs(node):
    if isinstance(node, dict):
        if len(node) == 1 and node.get("$ref") in METASCHEMAS:
            return {}
        return {k: _drop_metaschema_refs(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_drop_metaschema_refs(v) for v in node]
    return node


def validator(schema):
    """A Draft 2020-12 validator for `schema` (a dict)."""
    Draft202012Validator.check_schema(schema)
    try:
        import referencing  # noqa: F401  (jsonschema >= 4.18)
        return Draft202012Validator(schema)
    except ImportError:
        schema = _drop_metaschema_refs(schema)
        return Draft202012Validator(schema, resolver=_legacy_resolver(schema))


def check_schema(schema):
    """Raises when `schema` is not a valid 2020-12 schema."""
    Draft202012Validator.check_schema(schema)


def errors(v, instance):
    """The validation errors as short strings (empty: valid)."""
    return ["%s at %s" % (e.message[:300], "/".join(str(p) for p in e.absolute_path))
            for e in v.iter_errors(instance)]
