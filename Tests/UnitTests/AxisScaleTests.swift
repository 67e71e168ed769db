@testable import NetmatrixCore
import Foundation
import Testing

@Suite("Chart axes end and tick at round numbers")
struct AxisScaleTests {
    /// True when `step` is 1, 2 or 5 times a power of ten.
    static func isRound(_ step: Double) -> Bool {
        let mantissa = step / pow(10, log10(step).rounded(.down))
        return [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }
    }

    @Test func anAxisThatMustReach36Point2EndsAt40() {
        let axis = AxisScale(covering: 0, 36.2)
        #expect(axis.ticks == [0, 10, 20, 30, 40])
        #expect(axis.ticks.map(axis.label) == ["0", "10", "20", "30", "40"])
    }

    @Test func zeroToOneStepsByFifths() {
        let axis = AxisScale(covering: 0, 1)
        #expect(axis.upper == 1 && axis.step == 0.2)
        #expect(axis.ticks.map(axis.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func aSmallRangeGetsDecimalsItsStepNeeds() {
        let axis = AxisScale(covering: 0, 0.07)
        #expect(axis.ticks.map(axis.label) == ["0.00", "0.02", "0.04", "0.06", "0.08"])
    }

    @Test func aLargeRangeStepsByFiveHundred() {
        let axis = AxisScale(covering: 0, 1234)
        #expect(axis.ticks == [0, 500, 1000, 1500])
        #expect(axis.label(1500) == "1500")
    }

    @Test func aRangeWithNothingInItStillGetsAnAxis() {
        #expect(AxisScale(covering: 0, 0).ticks.last == 1)
        #expect(AxisScale(covering: 0, .nan).ticks.last == 1)
        // One value alone: from zero to a tick at or above it.
        let one = AxisScale(covering: 7, 7)
        #expect(one.lower == 0 && one.upper >= 7)
    }

    @Test func aRatioAxisSpansItsValuesWithRoomAndRoundEnds() {
        let axis = AxisScale(spanning: [0.88, 0.95, 1.3, .infinity])
        #expect(axis.lower < 0.88 && axis.upper > 1.3)
        #expect(axis.ticks.map(axis.label) == ["0.8", "0.9", "1.0", "1.1", "1.2", "1.3", "1.4"])
        // A ratio is never negative: a wide one starts its axis at zero, not below.
        let wide = AxisScale(spanning: [0.146, 0.351, 0.95, 1.5, 3.794, 5.582])
        #expect(wide.lower == 0 && wide.upper >= 5.582)
        // Negative changes (gate.html) get a zero and round ends on both sides.
        let change = AxisScale(spanning: [-0.05, 0.05, -0.12, 0.02])
        #expect(change.ticks.contains(0) && change.lower <= -0.12 && change.upper >= 0.05)
        #expect(change.ticks.map(change.label).allSatisfy { $0 != "-0.00" })
    }

    /// Many ranges: the ends cover the range and sit on the step, the step is
    /// round, and there are a handful of ticks, never dozens.
    @Test(arguments: [(0.0, 0.0031), (0, 3.1), (0, 9.99), (0, 10), (0, 10.01), (0, 61_512), (0, 2.4e10), (-3.7, 12.2), (0.93, 1.07), (0.0001, 0.0002)])
    func everyAxisIsRoundAndCoversItsRange(low: Double, high: Double) {
        let axis = AxisScale(covering: low, high)
        #expect(axis.lower <= low && axis.upper >= high)
        #expect(Self.isRound(axis.step), "\(axis.step)")
        #expect((3...7).contains(axis.ticks.count), "\(axis.ticks)")
        for tick in axis.ticks {
            #expect(abs(tick / axis.step - (tick / axis.step).rounded()) < 1e-6, "\(tick) is not a multiple of \(axis.step)")
        }
        // The printed ticks are all different: the decimals suffice for the step.
        #expect(Set(axis.ticks.map(axis.label)).count == axis.ticks.count)
    }

    @Test func gateChangeAxisCoversTheBandAndEveryIntervalOnRoundTicks() {
        let axis = GateChart.changeAxis(of: GateHTMLTests.report.ordered, tolerance: 0.05)
        let ends = GateHTMLTests.report.records.flatMap { [$0.outcome.ratio.lower - 1, $0.outcome.ratio.upper - 1] }
        #expect(axis.lower < min(-0.05, ends.min() ?? 0) && axis.upper > max(0.05, ends.max() ?? 0))
        #expect(Self.isRound(axis.step) && axis.ticks.contains(0))
    }
}
