"""``ecgreader plan``: readers × cases for an Obuchowski–Rockette reader study (``analysis.power``).

The variance components come from a pilot study file (its aided and unaided reads) or are given
on the command line, as in Hillis, Obuchowski & Berbaum (2011) and RJafroc's ``SsPowerGivenJK``.
"""

from __future__ import annotations

import math

COMPONENT_OPTIONS = ("var_tr", "var", "cov1", "cov2", "cov3", "pilot_cases")


def add_parser(commands) -> None:
    # fmt: off
    plan = commands.add_parser("plan", help="sample size and power of a reader study (Obuchowski-Rockette)")
    plan.add_argument("pilot", nargs="?", help="a pilot study file with unaided and aided reads")
    plan.add_argument("--label", help="the pilot's label (default: its first)")
    plan.add_argument("--metric", choices=("auc", "sensitivity", "specificity"), default="auc")
    plan.add_argument("--covariance", choices=("jackknife", "delong"), default="jackknife")
    plan.add_argument("--effect", type=float, metavar="D",
                      help="difference of reader-mean FOMs to detect (default: the pilot's observed aided - unaided)")
    plan.add_argument("--readers", type=int, nargs="+", metavar="J", help="numbers of readers (default 3..20)")
    plan.add_argument("--cases", type=int, metavar="K", help="number of cases: print the power instead")
    plan.add_argument("--power", type=float, default=0.8, help="target power (default 0.8)")
    plan.add_argument("--alpha", type=float, default=0.05, help="size of the test (default 0.05)")
    plan.add_argument("--design", choices=("RRRC", "FRRC", "RRFC"), default="RRRC",
                      help="random readers and cases (default), or one of them fixed")
    assumed = plan.add_argument_group("assumed variance components (instead of a pilot study)")
    assumed.add_argument("--var-tr", type=float, help="treatment x reader variance")
    assumed.add_argument("--var", type=float, help="Var: a reader's FOM variance over cases")
    assumed.add_argument("--cov1", type=float, help="Cov1: same reader, other modality")
    assumed.add_argument("--cov2", type=float, help="Cov2: same modality, other reader")
    assumed.add_argument("--cov3", type=float, help="Cov3: other modality and reader")
    assumed.add_argument("--pilot-cases", type=int, help="K*: cases the components were estimated on")
    plan.set_defaults(run=run)
    # fmt: on


def run(args) -> int:
    from ecgreader.analysis import power
    from ecgreader.cli.main import CommandError

    readers = args.readers or list(range(3, 21))
    for name, value in (("--alpha", args.alpha), ("--power", args.power)):
        if not 0 < value < 1:
            raise CommandError(f"{name} must be between 0 and 1, not {value:g}")
    if min(readers) < 1 or (args.cases is not None and args.cases < 1):
        raise CommandError("--readers and --cases must be positive")
    if args.design != "FRRC" and min(readers) < 2:
        raise CommandError(f"random readers ({args.design}) need at least 2 readers: --readers {min(readers)}")
    components, effect = _components_and_effect(args)
    print(f"design {args.design}, alpha {args.alpha:g}, effect {effect:+.4f}")
    print(
        f"variance components: var_tr {components.var_tr:.6g}, var {components.var:.6g}, cov1 {components.cov1:.6g},"
        f" cov2 {components.cov2:.6g}, cov3 {components.cov3:.6g} (per {components.pilot_cases} cases)"
    )
    if args.cases is not None:
        print(f"{'readers':>7}  {'cases':>6}  {'power':>6}  {'df':>7}")
        for j in readers:
            result = power.power(components, j, args.cases, effect, args.design, args.alpha)
            print(_row(result))
        return 0
    print(f"fewest cases for power >= {args.power:g}:")
    print(f"{'readers':>7}  {'cases':>6}  {'power':>6}  {'df':>7}")
    for j in readers:
        result = power.cases_needed(components, j, effect, args.power, args.design, args.alpha)
        print(_row(result) if result else f"{j:>7}  {'-':>6}  not reachable with {j} readers")
    return 0


def _row(result) -> str:
    df = "inf" if math.isinf(result.df) else f"{result.df:.2f}"
    return f"{result.readers:>7}  {result.cases:>6}  {result.power:>6.4f}  {df:>7}"


def _components_and_effect(args):
    """From the pilot study, or from the assumed components (all of them, and --effect)."""
    from ecgreader.analysis import power
    from ecgreader.cli.main import CommandError

    given = {name: getattr(args, name) for name in COMPONENT_OPTIONS}
    if args.pilot is None:
        missing = [f"--{name.replace('_', '-')}" for name, value in given.items() if value is None]
        if missing or args.effect is None:
            raise CommandError(
                "give a pilot study, or every variance component and --effect; missing: "
                + ", ".join(missing + ([] if args.effect is not None else ["--effect"]))
            )
        return power.VarianceComponents(**given), args.effect
    if any(value is not None for value in given.values()):
        raise CommandError("give a pilot study or variance components, not both")
    from ecgreader.store.database import open_study
    from ecgreader.store.study import read_vocabulary

    with open_study(args.pilot, read_only=True) as database:
        label = args.label or read_vocabulary(database).keys[0]
        try:
            pilot = power.pilot_of_study(database, label, args.metric, args.covariance)
        except ValueError as error:
            raise CommandError(f"{args.pilot}: {error}") from error
    print(f"pilot: {args.pilot}, label {label}, {args.metric} ({args.covariance}), {pilot.readers} readers"
          f", observed aided - unaided {pilot.observed_effect:+.4f}")  # fmt: skip
    return pilot.components, pilot.observed_effect if args.effect is None else args.effect
