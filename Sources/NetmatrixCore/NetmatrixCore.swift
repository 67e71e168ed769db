/// The netmatrix core: topology engine, plugin loading and workers, matrix,
/// statistics and reports. It moves no test bytes itself.
public enum NetmatrixVersion {
    public static let string = "0.1.0"
}
