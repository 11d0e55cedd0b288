"""Acceptance 1 of issue 10: no role set or role predicate outside ``openiop/accounts/policy/``.

The test parses every ``openiop/**/*.py`` except the policy package, migrations and tests, and
fails on any of these (each is how a role rule gets written down a second time):

1. a role set: a literal set, list or tuple holding a ``Role`` member (``{Role.DIRECTOR,
   Role.CLINICIAN}``, ``[Role.DIRECTOR, Role.MEDICAL]`` in a query), or holding two or more
   strings that are all role values (``frozenset({"director", "clinician"})``), or a
   ``frozenset(...)``/``set(...)`` call over ``Role`` members;
2. a role predicate: a ``Role`` member compared with anything (``Role.DIRECTOR in roles``,
   ``user.role != Role.AUDITOR``) or combined in a set operation (``roles & {...}``, ``|``, ``-``);
3. a variable or attribute named ``role`` compared with anything by ``==``, ``!=``, ``in`` or
   ``not in`` (``role == "client"``, ``role in part.roles``).

A ``Role`` member is ``Role.X`` or ``Role.X.value`` (``openiop.accounts.models.Role``). Not
flagged, because they decide nothing: the ``Role`` enum's own definition; a single role given as
an argument (``Person("dana", ..., Role.DIRECTOR, ...)`` in the demo data,
``Membership(role=Role.CLINICIAN)``); a lone string that happens to equal a role value (an API
tag ``["intake"]``, a field list ``["clinician", "status"]``, ``by == "clinician"`` choosing a
board's grouping); ``role is None``; other enums that end in "Role" (``SignerRole``,
``AdministeredRole``); and role sets taken from the policy (``staff_required(policy.CHANGE_ROLES)``).
"""

import ast
from pathlib import Path

import pytest

from openiop.accounts.models import Role

ROOT = Path(__file__).resolve().parents[2]  # the openiop package
POLICY = ROOT / "accounts" / "policy"
ROLE_VALUES = frozenset(Role.values)
SET_CALLS = frozenset({"frozenset", "set"})


def _checked_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if POLICY not in path.parents and "migrations" not in path.parts and "tests" not in path.parts
    )


def _is_role(node: ast.AST) -> bool:
    """``Role.X`` or ``Role.X.value``."""
    if isinstance(node, ast.Attribute):
        if node.attr == "value" and isinstance(node.value, ast.Attribute):
            node = node.value
        return isinstance(node.value, ast.Name) and node.value.id == "Role"
    return False


def _is_role_string(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in ROLE_VALUES


def _is_role_set(elements: list[ast.expr]) -> bool:
    strings = [e for e in elements if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return any(_is_role(e) for e in elements) or (len(strings) >= 2 and all(_is_role_string(e) for e in strings))


def _names_role(node: ast.AST) -> bool:
    return (isinstance(node, ast.Name) and node.id == "role") or (
        isinstance(node, ast.Attribute) and node.attr == "role"
    )


def findings(source: str, filename: str = "<string>") -> list[str]:
    """Every role set or role predicate in ``source``, as "file:line: what"."""
    found = []
    tree = ast.parse(source, filename)
    enum = {id(n) for c in ast.walk(tree) if isinstance(c, ast.ClassDef) and c.name == "Role" for n in ast.walk(c)}
    for node in ast.walk(tree):
        what = None
        if id(node) in enum:
            continue
        if (isinstance(node, ast.Set | ast.List | ast.Tuple) and _is_role_set(node.elts)) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SET_CALLS
            and any(_is_role(a) for a in ast.walk(node) if a is not node)
        ):
            what = "role set"
        elif isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_is_role(o) for o in operands):
                what = "role comparison"
            elif any(_names_role(o) for o in operands) and not all(
                isinstance(op, ast.Is | ast.IsNot) for op in node.ops
            ):
                what = "comparison of a role"
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.BitAnd | ast.BitOr | ast.Sub)
            and any(_is_role(o) for o in (node.left, node.right))
        ):
            what = "role set operation"
        if what:
            found.append(f"{filename}:{getattr(node, 'lineno', '?')}: {what}: {ast.unparse(node)[:80]}")
    return found


def test_no_module_outside_the_policy_package_writes_a_role_rule() -> None:
    found = [f for path in _checked_files() for f in findings(path.read_text(), str(path.relative_to(ROOT)))]
    assert found == [], "Ask openiop.accounts.policy instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("X = frozenset({Role.DIRECTOR, Role.CLINICIAN})", True),
        ('X = frozenset({"director", "clinician"})', True),
        ("X = frozenset({Role.CLINICIAN.value, Role.DIRECTOR.value})", True),
        ("q = Q(memberships__role__in=[Role.DIRECTOR, Role.MEDICAL])", True),
        ("ok = Role.DIRECTOR in roles", True),
        ("ok = Role.CLINICIAN not in held", True),
        ("ok = roles & {Role.CLINICIAN}", True),
        ('ok = role == "client"', True),
        ("ok = role in part.roles", True),
        ("ok = user.role != Role.AUDITOR", True),
        ('Person("dana", "dana@example", "Dana", Role.DIRECTOR, SITE_A)', False),
        ("Membership.objects.create(user=u, site=s, role=Role.CLINICIAN)", False),
        ("ok = signer_role == SignerRole.CLIENT", False),
        ("ok = administration.administered_role == AdministeredRole.CLIENT", False),
        ("staff_required(policy.CHANGE_ROLES)", False),
        ('ok = kind in {"individual", "family"}', False),
        ('ok = object_type == "client"', False),
        ('tags = ["intake"]', False),
        ('fields = ["clinician", "status"]', False),
        ('ok = by == "clinician"', False),
        ("ok = role is None", False),
        ("class Role(TextChoices):\n    DIRECTOR = 'director', 'Program director'", False),
    ],
)
def test_the_grep_flags_role_rules_and_nothing_else(source: str, flagged: bool) -> None:
    assert bool(findings(source)) is flagged


def test_the_policy_package_itself_is_where_the_rules_are() -> None:
    assert findings((POLICY / "sites.py").read_text()) != []
