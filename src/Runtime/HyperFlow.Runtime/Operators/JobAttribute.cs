namespace HyperFlow;

/// <summary>
/// Marks a <c>static partial</c> class as a HyperFlow job. The class holds the job's operator methods
/// and one <see cref="PipelineAttribute"/> method that declares how they connect; the source
/// generator adds a <c>Definition</c> property with the compiled job.
/// </summary>
/// <example>
/// <code>
/// [Job("large-trades")]
/// public static partial class LargeTrades
/// {
///     [Map] static Notional ToNotional(in Trade t) => new(t.Account, t.Price * t.Qty);
///     [Filter] static bool IsLarge(in Notional n) => n.Value > 1_000_000;
///     [KeyBy] static long Account(in Notional n) => n.Account;
///     [Aggregate] static void Add(ref long sum, in Notional n) => sum += n.Value;
///
///     [Pipeline]
///     static void Define(IPipelineBuilder p) => p
///         .From&lt;Trade&gt;("trades")
///         .Map(ToNotional).Filter(IsLarge)
///         .KeyBy(Account).Aggregate&lt;long&gt;(Add)
///         .To("totals");
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JobAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="name">The job's name, shown in logs, metrics and results.</param>
    public JobAttribute(string name) => Name = name;

    /// <summary>The job's name.</summary>
    public string Name { get; }
}
