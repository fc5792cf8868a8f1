export { loadArenaOutputs, type ArenaCase, type ArenaModel, type ArenaOutputs } from "./arena-outputs.js";
export { defaultImportJudge, forEachBattleInFile, readBattlesFile } from "./import-battles.js";
export { combineVerdicts, judgeBattles, type JudgeBattlesOptions, type JudgeBattlesOutcome } from "./judge-battles.js";
export { judgeQuality, type JudgeQuality, type Share } from "./judge-quality.js";
export { BattleTally, rateBattles, type ArenaRatings, type ModelRating, type RateOptions, type RatedBattle } from "./rate-battles.js";
export { loadVoteQueue, voteBattle, votePairKey, type VotePair, type VoteQueue } from "./vote-queue.js";
