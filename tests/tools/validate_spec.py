"""Validates an OpenAPI description with openapi-spec-validator; exits non-zero if invalid."""
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename


def main() -> int:
    for path in sys.argv[1:]:
        spec, _ = read_from_filename(path)
        validate(spec)
        print(f"{path}: valid OpenAPI {spec.get('openapi')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
