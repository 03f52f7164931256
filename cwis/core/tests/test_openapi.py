"""The OpenAPI document: one component per schema class, and the error answers documented."""

from collections import defaultdict

import pydantic

from cwis.api import api


def document() -> dict:
    return api.get_openapi_schema()


def schema_classes() -> dict[str, set[type]]:
    """Every pydantic model class of CWIS's own modules, by class name."""
    by_name: dict[str, set[type]] = defaultdict(set)
    pending = list(pydantic.BaseModel.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("cwis.") and ".tests" not in cls.__module__:
            by_name[cls.__name__].add(cls)
    return by_name


def test_no_two_schema_classes_share_a_component_name():
    components = document()["components"]["schemas"]
    def declared(classes: set[type]) -> set[type]:
        # A ModelSchema is built on a generated base of the same name: one schema, not two.
        return {c for c in classes if not any(o is not c and issubclass(o, c) for o in classes)}

    shared = {name: sorted(f"{c.__module__}.{c.__qualname__}" for c in declared(classes))
              for name, classes in schema_classes().items()
              if name in components and len(declared(classes)) > 1}
    assert shared == {}


def test_each_operation_documents_its_own_input_schema():
    paths = document()["paths"]
    body = paths["/api/v1/plans"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"] == "#/components/schemas/ImplementationPlanIn"
    body = paths["/api/v1/transfers/{pk}"]["patch"]["requestBody"]["content"]
    assert body["application/json"]["schema"]["$ref"] == "#/components/schemas/TransferPlanIn"


def test_every_operation_documents_its_error_answers():
    doc = document()
    assert "ErrorOut" in doc["components"]["schemas"]
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            expected = {403, 404, 422} | ({409} if method != "get" else set())
            if operation.get("security"):
                expected.add(401)
            assert expected <= codes, (method, path)
            for code in expected - {401}:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"]["$ref"] == "#/components/schemas/ErrorOut"
