import Foundation
import RolloutCore

extension Engine {
    func setUpArgoRollout() {}
}
