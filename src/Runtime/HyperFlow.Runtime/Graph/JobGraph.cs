using System.Text;

namespace HyperFlow.Graph;

/// <summary>
/// The graph of a job as the source generator compiled it: its chains in topological order, each
/// feeding the next through an exchange unless it ends at a sink. The streams of side outputs follow
/// the main stream's chains: a chain whose operator has side outputs also feeds, through a forward
/// exchange, the first chain of each side output's stream.
/// </summary>
public sealed class JobGraph
{
    /// <summary>Creates a graph.</summary>
    /// <param name="jobName">The job's name.</param>
    /// <param name="chains">The chains, in topological order.</param>
    public JobGraph(string jobName, IReadOnlyList<ChainDescriptor> chains)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobName);
        ArgumentNullException.ThrowIfNull(chains);
        if (chains.Count == 0)
        {
            throw new ArgumentException($"Job '{jobName}' has no chains.", nameof(chains));
        }

        JobName = jobName;
        Chains = chains;
    }

    /// <summary>The job's name.</summary>
    public string JobName { get; }

    /// <summary>The chains, in topological order.</summary>
    public IReadOnlyList<ChainDescriptor> Chains { get; }

    /// <summary>All operators, chain by chain.</summary>
    public IEnumerable<OperatorDescriptor> Operators => Chains.SelectMany(static c => c.Operators);

    /// <summary>A multi-line description: one line per chain, with the exchange between chains.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("job '").Append(JobName).Append('\'');
        foreach (ChainDescriptor chain in Chains)
        {
            sb.AppendLine();
            sb.Append("  chain ").Append(chain.Id).Append(" [").Append(chain.Input).Append(" in]: ").Append(chain.Name);
        }

        return sb.ToString();
    }
}
