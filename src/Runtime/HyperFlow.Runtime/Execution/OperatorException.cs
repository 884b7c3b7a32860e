using HyperFlow.Graph;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// An operator (or a source or sink) threw while processing events. The job stops; the exception names
/// the operator, its subtask and the job, and carries what was thrown as <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class OperatorException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="op">The operator that failed.</param>
    /// <param name="subtask">The failing subtask's index.</param>
    /// <param name="parallelism">The operator's parallelism.</param>
    /// <param name="error">What the operator threw.</param>
    public OperatorException(string jobName, OperatorDescriptor op, int subtask, int parallelism, Exception error)
        : base(
            $"Operator '{op.Uid}' ({op.Kind} {op.Method}), subtask {subtask + 1}/{parallelism} of job '{jobName}', threw {error?.GetType().Name}: {error?.Message} "
            + "The job was stopped. Fix the operator, or handle the bad input inside it.",
            error)
    {
        ArgumentNullException.ThrowIfNull(op);
        JobName = jobName;
        OperatorUid = op.Uid;
        Subtask = subtask;
    }

    /// <summary>The job's name.</summary>
    public string JobName { get; }

    /// <summary>The uid of the operator that threw.</summary>
    public string OperatorUid { get; }

    /// <summary>The index of the subtask that threw.</summary>
    public int Subtask { get; }
}
