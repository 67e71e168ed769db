import Foundation

/// Debian's Chromium, headless: renders a report page (report.html, gate.html)
/// to a screenshot, so a test sees that the page really draws, not only that
/// its markup looks right.
public enum HeadlessBrowser {
    public static let chromium = ChildProcess.which("chromium") ?? ChildProcess.which("chromium-browser")
    private static let python = ChildProcess.which("python3")

    public static let requirement = TestRequirement("needs Debian's chromium (make test installs it) and python3 to render report pages") {
        chromium != nil && python != nil
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Screenshots `page` (an HTML file) into a PNG beside it and counts the
    /// distinct colours in a sample of its pixels: a blank page has one.
    public static func colours(of page: URL, width: Int = 1200, height: Int = 1400) throws -> Int {
        guard let chromium, let python else { throw Failure(description: requirement.need) }
        let png = page.deletingPathExtension().appendingPathExtension("png")
        let shot = try ChildProcess.run(
            chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),\(height)",
             "--screenshot=\(png.path)", page.absoluteString])
        guard shot.status == 0 else { throw Failure(description: "chromium exited \(shot.status): \(shot.errors)") }
        let count = try ChildProcess.run(python, ["-c", countColours, png.path])
        guard count.status == 0, let colours = Int(count.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Failure(description: "counting the colours of \(png.path): \(count.output)\(count.errors)")
        }
        return colours
    }

    /// Decodes the PNG with the standard library alone (no imaging package to
    /// install) and prints how many colours every 8th row and 4th pixel hold.
    private static let countColours = """
        import sys, zlib, struct
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos, idat, width, height, ctype = 8, b'', 0, 0, 0
        while pos < len(data):
            length, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + length]
            if kind == b'IHDR': width, height, depth, ctype = struct.unpack('>IIBB', body[:10])
            if kind == b'IDAT': idat += body
            pos += 12 + length
        raw = zlib.decompress(idat); bpp = 4 if ctype == 6 else 3; stride = width * bpp
        colours, previous = set(), bytearray(stride)
        for row in range(height):
            start = row * (stride + 1); kind = raw[start]; line = bytearray(raw[start + 1:start + 1 + stride])
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0; up = previous[i]; corner = previous[i - bpp] if i >= bpp else 0
                if kind == 1: line[i] = (line[i] + left) & 255
                elif kind == 2: line[i] = (line[i] + up) & 255
                elif kind == 3: line[i] = (line[i] + (left + up) // 2) & 255
                elif kind == 4:
                    p = left + up - corner; pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
            previous = line
            if row % 8 == 0: colours.update(bytes(line[j:j + 3]) for j in range(0, stride, bpp * 4))
        print(len(colours))
        """
}
