namespace HyperFlow.Generators.Model
{
    /// <summary>How a timestamp stage generates watermarks, with the constants the pipeline declared.</summary>
    /// <param name="GeneratorType">The fully qualified watermark generator type.</param>
    /// <param name="GeneratorDisplay">The generator's short name, for comments.</param>
    /// <param name="Custom">Whether the generator is the user's (created with <c>new T()</c>) rather than bounded out-of-orderness.</param>
    /// <param name="MaxOutOfOrderMs">For bounded out-of-orderness, the bound (0: ascending timestamps).</param>
    /// <param name="IdleTimeoutMs">Processing time without events after which a source partition is idle; 0 for never.</param>
    internal sealed record WatermarkModel(string GeneratorType, string GeneratorDisplay, bool Custom, long MaxOutOfOrderMs, long IdleTimeoutMs);
}
