import Foundation

/// A linear chart axis with round ends and ticks: steps of 1, 2 or 5 times a
/// power of ten, both ends rounded out to a step, so an axis that must reach
/// 36.2 ends at 40 and a reader can read a value off it at a glance. Every
/// chart of report.html and gate.html takes its value axis from here.
struct AxisScale: Equatable, Sendable {
    var lower: Double
    var upper: Double
    var step: Double
    /// Digits after the point that a tick needs: 0 for a step of 5, 2 for 0.02.
    var decimals: Int

    /// The roundest scale covering `low...high` in at most about `intervals`
    /// steps. An empty or degenerate range (no data, one value, NaN) still
    /// gets an axis: from 0, or around the one value.
    init(covering low: Double, _ high: Double, intervals: Int = 5) {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : low
        if low > high { swap(&low, &high) }
        if high == low {
            if low == 0 { high = 1 } else { (low, high) = (min(low, 0), max(high, 0)) }
        }
        let rough = (high - low) / Double(max(intervals, 1))
        var exponent = Int(log10(rough).rounded(.down))
        let residual = rough / Self.power(exponent)
        // The smallest of 1, 2, 5, 10 not below the rough step: at most `intervals` steps.
        let multiple: Double
        switch residual {
        case ...1.000_000_001: multiple = 1
        case ...2.000_000_001: multiple = 2
        case ...5.000_000_001: multiple = 5
        default:
            multiple = 1
            exponent += 1
        }
        step = multiple * Self.power(exponent)
        decimals = max(0, -exponent)
        // A hair of slack, so 0.3 / 0.1 = 2.9999999999999996 is not one more step.
        lower = (low / step + 1e-9).rounded(.down) * step
        upper = (high / step - 1e-9).rounded(.up) * step
    }

    /// The roundest scale over every finite value of `values`, widened by
    /// `margin` of their span each side so no value sits on the frame: for
    /// axes that need not start at zero (ratios, changes). Values that are
    /// all non-negative (ratios, shares) never get a negative axis.
    init(spanning values: [Double], margin: Double = 0.08, intervals: Int = 5) {
        let finite = values.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        // One value alone still gets room around it.
        let span = high > low ? high - low : max(abs(high), 1) * 0.1
        let start = low >= 0 ? max(low - span * margin, 0) : low - span * margin
        self.init(covering: start, high + span * margin, intervals: intervals)
    }

    /// Every tick from `lower` to `upper`, both ends included.
    var ticks: [Double] {
        let first = Int((lower / step).rounded()), last = Int((upper / step).rounded())
        return (first...last).map { Double($0) * step }
    }

    /// Where `value` sits, 0 at `lower` and 1 at `upper`.
    func fraction(_ value: Double) -> Double { (value - lower) / (upper - lower) }

    /// A tick as the axis prints it: "40", "0.02", "1.5".
    func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value)
        // -0.0 rounds to "-0": an axis has one zero.
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// 10^exponent, exact for the integer powers a tick step needs.
    private static func power(_ exponent: Int) -> Double { pow(10, Double(exponent)) }
}
