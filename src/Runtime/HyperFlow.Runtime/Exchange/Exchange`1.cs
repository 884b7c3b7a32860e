using HyperFlow.Runtime.Sequencing;

namespace HyperFlow.Runtime.Exchange;

/// <summary>
/// The rings between the N producer subtasks of one chain and the M consumer subtasks of the next:
/// one single-producer single-consumer ring per pair, so no ring ever has two writers.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
internal sealed class Exchange<T>
{
    private readonly SpscRing<T>[][] _byProducer;

    public Exchange(int producers, int consumers, int ringCapacity)
    {
        _byProducer = new SpscRing<T>[producers][];
        for (int p = 0; p < producers; p++)
        {
            _byProducer[p] = new SpscRing<T>[consumers];
            for (int c = 0; c < consumers; c++)
            {
                _byProducer[p][c] = new SpscRing<T>(ringCapacity);
            }
        }
    }

    /// <summary>The rings a producer subtask writes, indexed by consumer.</summary>
    public SpscRing<T>[] OutputsOf(int producer) => _byProducer[producer];

    /// <summary>The rings a consumer subtask reads, indexed by producer.</summary>
    public SpscRing<T>[] InputsOf(int consumer)
    {
        var inputs = new SpscRing<T>[_byProducer.Length];
        for (int p = 0; p < _byProducer.Length; p++)
        {
            inputs[p] = _byProducer[p][consumer];
        }

        return inputs;
    }
}
