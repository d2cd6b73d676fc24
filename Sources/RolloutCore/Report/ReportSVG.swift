/// `report --format svg`: the pod timeline alone, as one standalone SVG file to paste into a
/// document: every rollout of the input stacked (its title, axis, pods by revision), then
/// the legend. 1200 units wide, as tall as the pods need; drawn by `TimelineSVG`, as the
/// HTML report's timeline is.
public enum ReportSVG {
    public static func render(_ model: RolloutModel) -> String {
        var body = MarkupWriter()
        var y = 8.0
        if model.rollouts.isEmpty {
            body.element("text", ["x": "8", "y": svgNum(y + 14), "fill": TimelineSVG.foreground],
                         model.history.isEmpty ? "No pods in the input." : "No pods left; earlier rollouts are summarised in the text report.")
            y += 24
        }
        for r in model.rollouts {
            let t = TimelineSVG(r)
            body.element("text", ["x": "8", "y": svgNum(y + 14), "fill": TimelineSVG.foreground, "font-size": "13", "font-weight": "bold"],
                         ReportHTML.headline(r))
            body.element("text", ["x": "8", "y": svgNum(y + 30), "fill": TimelineSVG.foreground], r.verdict.text)
            y += 36
            let rows = TimelineSVG.rows(r)
            let rowsHeight = Double(rows.count) * TimelineSVG.rowHeight
            t.writeAxis(&body, y: y)
            y += TimelineSVG.axisHeight
            t.writeGrid(&body, top: y, bottom: y + rowsHeight)
            t.writeRows(&body, rows[...], y: y)
            y += rowsHeight
            // A tall chart gets its axis below too.
            if rows.count > 30 {
                t.writeAxis(&body, y: y)
                y += TimelineSVG.axisHeight
            }
            y += 12
        }
        y += TimelineSVG.writeLegend(&body, y: y) + 4

        var w = MarkupWriter(capacity: body.text.utf8.count + 1024)
        let height = svgNum(y)
        w.start("svg", ["xmlns": "http://www.w3.org/2000/svg", "width": svgNum(TimelineSVG.width), "height": height,
                        "viewBox": "0 0 \(svgNum(TimelineSVG.width)) \(height)",
                        "font-family": TimelineSVG.font, "font-size": "11"])
        w.element("title", "rollscope timeline: " + model.rollouts.map { ReportHTML.headline($0) }.joined(separator: "; "))
        w.empty("rect", ["width": "100%", "height": "100%", "fill": TimelineSVG.background])
        w.newline()
        w.append(body)
        w.end()
        w.newline()
        return w.text
    }
}
