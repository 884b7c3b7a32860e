using Microsoft.Extensions.Logging;

namespace HyperFlow.Storage.Checkpointing;

/// <summary>
/// How a checkpoint or savepoint is matched to the job restoring it: state is matched to operators
/// by uid, and state of a uid the job does not have is refused unless <see cref="AllowUnknownOperators"/>.
/// </summary>
/// <example>
/// <code>
/// var options = new CheckpointRestoreOptions(["source", "totals", "sink"]) { AllowUnknownOperators = true };
/// CheckpointReader savepoint = CheckpointReader.Open("/backups/trades-sp-42", options);
/// </code>
/// </example>
public sealed class CheckpointRestoreOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="operatorUids">The uids of the restoring job's operators.</param>
    public CheckpointRestoreOptions(IEnumerable<string> operatorUids)
    {
        ArgumentNullException.ThrowIfNull(operatorUids);
        OperatorUids = new HashSet<string>(operatorUids, StringComparer.Ordinal);
    }

    /// <summary>The uids of the restoring job's operators.</summary>
    public IReadOnlySet<string> OperatorUids { get; }

    /// <summary>
    /// Whether state of an operator the job no longer has is dropped (with a warning) instead of
    /// refused. Default <c>false</c>: a removed or renamed operator's state is not lost silently.
    /// </summary>
    public bool AllowUnknownOperators { get; init; }

    /// <summary>Where the reader logs dropped state. Default: nowhere.</summary>
    public ILogger? Logger { get; init; }
}
