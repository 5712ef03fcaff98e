import Testing

@testable import VaultConsole

/// Editing the screen on top in place: the one helper every key and load result goes through.
@Suite("Screen editing")
struct ScreenEditingTests {
    @Test("an edit of the screen's own kind changes it and returns the body's result")
    func editsItsOwnKind() {
        var screen = Screen.tenants(TenantsScreen())
        let result = screen.edit(TenantsScreen.self) { tenants -> Int in
            tenants.selection = 3
            tenants.filtering = true
            return 7
        }
        #expect(result == 7)
        #expect(screen.state(as: TenantsScreen.self)?.selection == 3)
        #expect(screen.state(as: TenantsScreen.self)?.filtering == true)
    }

    @Test("an edit for another kind of screen does not run, changes nothing and returns nil")
    func otherKindIsLeftAlone() {
        var screen = Screen.help(HelpScreen(contexts: [.global], top: 2))
        var ran = false
        let result = screen.edit(TenantsScreen.self) { _ in ran = true }
        #expect(result == nil)
        #expect(!ran)
        #expect(screen == .help(HelpScreen(contexts: [.global], top: 2)))
        #expect(screen.state(as: TenantsScreen.self) == nil)
    }

    @Test("every kind of screen gives its state back and takes it back in the same case")
    func everyKindRoundTrips() {
        var screens: [Screen] = [.tenants(TenantsScreen()), .help(HelpScreen(contexts: [], top: 0))]
        for index in screens.indices {
            let before = screens[index]
            screens[index].edit(HelpScreen.self) { $0.top = 5 }
            if case .help(let help) = screens[index] {
                #expect(help.top == 5)
            } else {
                #expect(screens[index] == before)
            }
        }
    }
}
