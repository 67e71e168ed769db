import Foundation
import NetmatrixCore
import Testing

@Suite("Environment: privileges, rootless errors, the doctor report's shape")
struct EnvironmentTests {
    @Test func effectiveCapabilitiesComeFromCapEff() throws {
        let status = "Name:\tnetmatrix\nCapInh:\t0000000000000000\nCapEff:\t000001ffffffffff\nCapBnd:\t000001ffffffffff\n"
        let mask = try #require(Privileges.effectiveCapabilities(fromStatus: status))
        #expect(mask == 0x1ff_ffff_ffff)
        let root = Privileges(effectiveUID: 0, effectiveCapabilities: mask)
        #expect(root.hasNetAdmin && root.hasSysAdmin && root.canBuildNamespaces)
        #expect(Privileges.effectiveCapabilities(fromStatus: "Name:\tx\n") == nil)
    }

    @Test func netAdminAloneCannotBuildNamespaces() {
        let netAdminOnly = Privileges(effectiveUID: 1000, effectiveCapabilities: 1 << 12)
        #expect(netAdminOnly.hasNetAdmin)
        #expect(!netAdminOnly.hasSysAdmin)
        #expect(!netAdminOnly.canBuildNamespaces)
        #expect(netAdminOnly.summary == "euid 1000, CapEff 1000 (CAP_NET_ADMIN)")
        let nobody = Privileges(effectiveUID: 65534, effectiveCapabilities: 0)
        #expect(nobody.summary.contains("neither CAP_NET_ADMIN nor CAP_SYS_ADMIN"))
    }

    @Test(arguments: [
        (EPERM, "refuses unprivileged user namespaces"),
        (ENOSPC, "sysctl user.max_user_namespaces=15000"),
        (EINVAL, "CONFIG_USER_NS"),
    ])
    func refusedUserNamespacesSayWhatToChange(code: Int32, advice: String) {
        let error = RootlessError(stage: .unshare, code: code)
        #expect(error.description.hasPrefix("rootless: unshare(CLONE_NEWUSER|CLONE_NEWNET): "))
        #expect(error.description.contains(advice), "\(error)")
        #expect(error.exitStatus == .nothingRan)
    }

    @Test func anUnreadableBinaryIsNamed() {
        let error = RootlessError(stage: .exec, code: EACCES)
        #expect(error.description == "rootless: execve(/proc/self/exe): Permission denied: this user cannot execute the netmatrix binary; copy it where the user can read it")
    }

    @Test func notRootlessWithoutTheVariable() {
        #expect(getenv(Rootless.environmentVariable) == nil, "the test runner must not run rootless-marked")
        #expect(!Rootless.isActive)
    }

    @Test func namedProbesEncodeFlat() throws {
        let probe = NamedFeatureProbe("dummy", .no("rtnl_link_add type dummy in a throwaway netns", "Operation not supported"))
        let json = String(decoding: try JSONEncoder().encode(probe), as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["name", "available", "how", "reason"])
        #expect(try JSONDecoder().decode(NamedFeatureProbe.self, from: Data(json.utf8)) == probe)
    }

    /// A report as `doctor --json` writes it, read back and shown as the table.
    static let reportJSON = """
        {"schema": 1, "netmatrixVersion": "0.1.0", "kernelRelease": "6.18.0", "euid": 65534,
         "effectiveCapabilities": "0", "rootless": false, "simd": "avx2", "coreRequirementsMet": false,
         "features": [
           {"name": "netns", "available": false, "how": "unshare(CLONE_NEWNET) on a fresh thread", "reason": "Operation not permitted"},
           {"name": "qdisc fq_codel", "available": true, "how": "RTM_NEWQDISC"}
         ],
         "advice": ["run as root"]}
        """

    @Test func theTableAlignsOneLinePerFeature() throws {
        let report = try JSONDecoder().decode(DoctorReport.self, from: Data(Self.reportJSON.utf8))
        let lines = report.table().split(separator: "\n").map(String.init)
        #expect(lines == [
            "netmatrix 0.1.0 doctor: kernel 6.18.0",
            "netns           no   unshare(CLONE_NEWNET) on a fresh thread: Operation not permitted",
            "qdisc fq_codel  yes  RTM_NEWQDISC",
            "core requirements NOT met: run as root",
        ])
        #expect(try report.json().contains("\"coreRequirementsMet\" : false"))
    }
}
