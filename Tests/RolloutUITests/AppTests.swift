import Foundation
import Testing
@testable import RolloutCore
@testable import RolloutUI

@Suite struct AppTests {
    @Test func emptyStoreRenders() {
        var app = App(store: ObservationStore(), mode: .replay, source: "test")
        let buf = app.render(width: 80, height: 24, glyphs: .ascii)
        #expect(buf.text.contains("rollscope"))
    }
}
