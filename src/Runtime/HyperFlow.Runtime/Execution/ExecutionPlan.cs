using HyperFlow.Graph;
using HyperFlow.Runtime.Exchange;

namespace HyperFlow.Runtime.Execution;

/// <summary>
/// The physical plan of one run of a job: its parallelism, the exchanges between chains and the bound
/// sources and sinks. Generated chain tasks take their readers, writers and rings from it while the
/// job is being set up; nothing here is used per event.
/// </summary>
public sealed class ExecutionPlan
{
    private readonly IReadOnlyDictionary<string, object> _sources;
    private readonly IReadOnlyDictionary<string, object> _sinks;
    private readonly Dictionary<int, object> _exchanges = [];

    internal ExecutionPlan(JobGraph graph, JobOptions options, IReadOnlyDictionary<string, object> sources, IReadOnlyDictionary<string, object> sinks)
    {
        Graph = graph;
        Options = options;
        Parallelism = options.EffectiveParallelism;
        _sources = sources;
        _sinks = sinks;
    }

    /// <summary>The job graph.</summary>
    public JobGraph Graph { get; }

    /// <summary>The options the job runs with.</summary>
    public JobOptions Options { get; }

    /// <summary>The number of subtasks of every chain.</summary>
    public int Parallelism { get; }

    /// <summary>Creates the reader of a source subtask.</summary>
    /// <typeparam name="T">The event type the pipeline declares for the source.</typeparam>
    /// <param name="name">The source's name.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="InvalidOperationException">When the bound source has another event type.</exception>
    public ISourceReader<T> CreateSourceReader<T>(string name, int subtask)
    {
        object bound = _sources[name];
        if (bound is not ISource<T> source)
        {
            throw new InvalidOperationException(
                $"Source '{name}' of job '{Graph.JobName}' produces {typeof(T).Name}, but the source bound to it is a {bound.GetType().Name}. Bind an ISource<{typeof(T).Name}>.");
        }

        return source.CreateReader(subtask, Parallelism)
            ?? throw new InvalidOperationException($"Source '{name}' of job '{Graph.JobName}' returned no reader for subtask {subtask}.");
    }

    /// <summary>Creates the output of a sink subtask.</summary>
    /// <typeparam name="T">The event type the pipeline declares for the sink.</typeparam>
    /// <param name="name">The sink's name.</param>
    /// <param name="subtask">The subtask index.</param>
    /// <returns>The output to emit into.</returns>
    /// <exception cref="InvalidOperationException">When the bound sink has another event type.</exception>
    public SinkOutput<T> CreateSinkOutput<T>(string name, int subtask)
    {
        object bound = _sinks[name];
        if (bound is not ISink<T> sink)
        {
            throw new InvalidOperationException(
                $"Sink '{name}' of job '{Graph.JobName}' receives {typeof(T).Name}, but the sink bound to it is a {bound.GetType().Name}. Bind an ISink<{typeof(T).Name}>.");
        }

        ISinkWriter<T> writer = sink.CreateWriter(subtask, Parallelism)
            ?? throw new InvalidOperationException($"Sink '{name}' of job '{Graph.JobName}' returned no writer for subtask {subtask}.");
        return new SinkOutput<T>(writer, Options.BatchSize);
    }

    /// <summary>Creates the sending side of the hash exchange into a chain, for one producer subtask.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="toChain">The index of the chain the exchange feeds.</param>
    /// <param name="subtask">The producer subtask.</param>
    /// <returns>The output.</returns>
    public HashExchangeOutput<T> CreateHashOutput<T>(int toChain, int subtask)
        => new(ExchangeInto<T>(toChain).OutputsOf(subtask), Options.MaxParallelism);

    internal Sequencing.SpscRing<T>[] GetExchangeInputs<T>(int chain, int subtask) => ExchangeInto<T>(chain).InputsOf(subtask);

    private Exchange<T> ExchangeInto<T>(int chain)
    {
        if (!_exchanges.TryGetValue(chain, out object? exchange))
        {
            exchange = new Exchange<T>(Parallelism, Parallelism, Options.RingCapacity);
            _exchanges.Add(chain, exchange);
        }

        return (Exchange<T>)exchange;
    }
}
