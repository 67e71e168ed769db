import ArgumentParser
import NetmatrixCore

/// `--inject-slowdown PCT --inject-into TEXT`: a regression of known size put
/// into some cells on purpose, to prove a gate (`SlowdownInjection`). The same
/// pair for `matrix` and `gate`.
struct SlowdownOptions: ParsableArguments {
    @Option(help: "Slow the cells chosen by --inject-into (this build's, with gate --against) by this much extra CPU work in their plugins (e.g. 10%): a regression of known size, to prove a gate.")
    var injectSlowdown: String?

    @Option(help: "With --inject-slowdown: the cells to slow, those whose id contains this text.")
    var injectInto: String?

    var isSet: Bool { injectSlowdown != nil || injectInto != nil }

    func validate() throws {
        if (injectSlowdown == nil) != (injectInto == nil) { throw ValidationError("--inject-slowdown and --inject-into go together") }
        if let injectSlowdown, SlowdownInjection.percent(injectSlowdown) == nil {
            throw ValidationError("--inject-slowdown \"\(injectSlowdown)\": expected a whole percentage from 1% to 1000%, e.g. 10%")
        }
    }
}
