/// The page both HTML reports (report.html, gate.html) sit in: inline CSS, no
/// scripts, no external resources, so a CI artifact opens anywhere, offline.
enum HTMLPage {
    /// `style` adds the page's own rules (its verdict colours) to the shared ones.
    static func render(title: String, style: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>\(Markup.escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#222;max-width:1400px}
        h1{font-size:22px} h2{font-size:18px;margin-top:28px} h3{font-size:15px}
        table{border-collapse:collapse;font-size:13px;margin:8px 0}
        td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f3f3f3} code{font-size:12px}
        .charts{display:flex;flex-wrap:wrap;gap:16px}
        .env{font-size:13px;color:#444}
        \(style)
        </style></head><body>
        \(body)</body></html>

        """
    }
}
