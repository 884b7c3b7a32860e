using System.Collections.Generic;
using HyperFlow.Generators.Model;

namespace HyperFlow.Generators
{
    /// <summary>
    /// Splits a pipeline's stages into chains. Operators fuse into one chain until an exchange: a key-by
    /// (hash exchange: the key-by ends its chain, routing each event by key, and the next chain starts
    /// with the keyed stage it feeds) or a partition (rebalance, broadcast, forward: not an operator,
    /// only the kind of the next chain's input). Once a timestamp stage has run, every later chain's
    /// records carry timestamps. Pure: same stages in, same chains out.
    /// </summary>
    internal static class FusionPlanner
    {
        public static IReadOnlyList<ChainModel> Plan(EquatableArray<StageModel> stages)
        {
            var chains = new List<ChainModel>();
            var current = new List<StageModel>();
            string input = "Source";
            string inputType = stages.Count > 0 ? stages[0].OutType : string.Empty;
            bool timestamped = false;

            void Close(string output)
            {
                var chain = new ChainModel(chains.Count, inputType, input, output, new EquatableArray<StageModel>(current), timestamped);
                chains.Add(chain);
                timestamped = chain.TimestampedOutput;
                current.Clear();
            }

            foreach (StageModel stage in stages)
            {
                if (stage.Kind == StageKind.Partition)
                {
                    Close(stage.Uid);
                    input = stage.Uid;
                    inputType = stage.OutType;
                    continue;
                }

                current.Add(stage);
                if (stage.Kind == StageKind.KeyBy)
                {
                    Close("Hash");
                    input = "Hash";
                    inputType = stage.InType;
                }
            }

            if (current.Count > 0)
            {
                Close("Sink");
            }

            return chains;
        }
    }
}
