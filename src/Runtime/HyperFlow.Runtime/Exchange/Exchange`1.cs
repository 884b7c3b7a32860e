using HyperFlow.Graph;
using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Exchange;

/// <summary>
/// The rings between the producer subtasks of one chain and the consumer subtasks of the next: one
/// single-producer single-consumer ring per connected pair, so no ring ever has two writers. A forward
/// exchange connects subtask i to subtask i only; the others connect every pair (N×M).
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
internal sealed class Exchange<T>
{
    private readonly SpscRing<T>[][] _byProducer;
    private readonly SpscRing<T>[][] _byConsumer;

    public Exchange(ExchangeKind kind, int parallelism, int ringCapacity)
    {
        Kind = kind;
        _byProducer = new SpscRing<T>[parallelism][];
        _byConsumer = new SpscRing<T>[parallelism][];
        if (kind == ExchangeKind.Forward)
        {
            for (int i = 0; i < parallelism; i++)
            {
                var ring = new SpscRing<T>(ringCapacity);
                _byProducer[i] = [ring];
                _byConsumer[i] = [ring];
            }

            return;
        }

        for (int c = 0; c < parallelism; c++)
        {
            _byConsumer[c] = new SpscRing<T>[parallelism];
        }

        for (int p = 0; p < parallelism; p++)
        {
            _byProducer[p] = new SpscRing<T>[parallelism];
            for (int c = 0; c < parallelism; c++)
            {
                _byProducer[p][c] = _byConsumer[c][p] = new SpscRing<T>(ringCapacity);
            }
        }
    }

    public ExchangeKind Kind { get; }

    /// <summary>The rings a producer subtask writes.</summary>
    public SpscRing<T>[] OutputsOf(int producer) => _byProducer[producer];

    /// <summary>The rings a consumer subtask reads, by producer.</summary>
    public SpscRing<T>[] InputsOf(int consumer) => _byConsumer[consumer];
}
