/// Suggests the known key a misspelt one was probably meant to be.
enum NearestKey {
    /// The closest known key by edit distance, if close enough to be a typo.
    static func suggestion(for key: String, among known: [String]) -> String? {
        let typed = Array(key.lowercased())
        let ranked = known.map { (candidate: $0, distance: editDistance(typed, Array($0))) }
            .min { $0.distance < $1.distance }
        guard let ranked else { return nil }
        // Half the longer word: `adresses`, `vnet-hdr` and `tx-csum` match; `xyz` suggests nothing.
        let longer = max(typed.count, ranked.candidate.count)
        return ranked.distance <= max(2, longer / 2) && ranked.distance < longer ? ranked.candidate : nil
    }

    /// Levenshtein distance, one row at a time.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
