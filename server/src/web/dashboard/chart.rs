//! Bar charts as inline SVG, drawn on the server: no script, prints well, a few
//! hundred bytes each.

use std::fmt::Write;

/// Escapes text for SVG/XML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Vertical bars (e.g. handovers per week). `label` is under each bar, the value on top.
pub fn columns(title: &str, bars: &[(String, f64)]) -> String {
    let (w, h, pad, base) = (640.0_f64, 240.0_f64, 28.0_f64, 200.0_f64);
    let max = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max).max(1.0);
    let n = bars.len().max(1) as f64;
    let step = (w - 2.0 * pad) / n;
    let bar_w = (step * 0.7).max(2.0);
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="{}"><title>{}</title><line x1="{pad}" y1="{base}" x2="{}" y2="{base}" stroke="#9aa4b1"/>"##,
        esc(title),
        esc(title),
        w - pad
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let x = pad + step * i as f64 + (step - bar_w) / 2.0;
        let bh = (base - 30.0) * value / max;
        let y = base - bh;
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{bar_w:.1}" height="{bh:.1}" fill="#0b6e4f"><title>{}: {value}</title></rect><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{value}</text><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle" fill="#5b6470">{}</text>"##,
            esc(label),
            x + bar_w / 2.0,
            y - 4.0,
            x + bar_w / 2.0,
            base + 14.0,
            esc(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars (e.g. median days per kecamatan), one row per item.
pub fn rows(title: &str, bars: &[(String, f64)], unit: &str) -> String {
    let (w, row_h, label_w) = (640.0_f64, 24.0_f64, 200.0_f64);
    let h = row_h * bars.len().max(1) as f64 + 10.0;
    let max = bars.iter().map(|b| b.1).fold(0.0_f64, f64::max).max(1.0);
    let mut svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" aria-label="{}"><title>{}</title>"#,
        esc(title),
        esc(title)
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let bw = (w - label_w - 70.0) * value / max;
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end">{}</text><rect x="{label_w}" y="{:.1}" width="{bw:.1}" height="{:.1}" fill="#1d4ed8"/><text x="{:.1}" y="{:.1}" font-size="12">{value:.1} {}</text>"##,
            label_w - 6.0,
            y + 15.0,
            esc(label),
            y + 3.0,
            row_h - 8.0,
            label_w + bw + 6.0,
            y + 15.0,
            esc(unit)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_one_bar_per_value_and_escapes_labels() {
        let svg = columns("Per <minggu>", &[("a&b".into(), 3.0), ("c".into(), 0.0)]);
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains("a&amp;b"));
        assert!(svg.contains("Per &lt;minggu&gt;"));
        let svg = rows("t", &[("Woha".into(), 4.5)], "hari");
        assert!(svg.contains("4.5 hari"));
    }
}
