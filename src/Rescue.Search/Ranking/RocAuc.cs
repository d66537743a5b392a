namespace Rescue.Search.Ranking;

/// <summary>
/// The exact area under the ROC curve: the chance that a true pair chosen at random scores higher than a false pair
/// chosen at random, a tie counting half. It compares the re-ranker and the rule on the same pairs, whatever their
/// scales.
/// </summary>
public static class RocAuc
{
    /// <summary>
    /// The AUC of <paramref name="scores"/> (higher means more likely true) against <paramref name="truth"/>. Computed
    /// from ranks in O(n log n), equal scores sharing their mean rank, which counts each tied (true, false) pair as
    /// half. Throws when either class is absent: the area is then undefined.
    /// </summary>
    public static double Of(IReadOnlyList<double> scores, IReadOnlyList<bool> truth)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(truth);
        if (scores.Count != truth.Count) throw new ArgumentException($"{scores.Count} scores for {truth.Count} labels");
        var positives = truth.Count(t => t);
        var negatives = truth.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("the AUC needs at least one true and one false pair");

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        // Mann–Whitney: the sum of the true pairs' ranks (1-based, ties at their mean rank), less its least value.
        var rankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            var meanRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
                if (truth[order[i]]) rankSum += meanRank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }
}
