-- Motions and elections beside design rounds (domain/matters.ts): what kind of decision a round
-- is, the Art. 278 item it decides, and an election's seats. Added columns, no table rebuild.
ALTER TABLE "Round" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'design';
ALTER TABLE "Round" ADD COLUMN "matterItem" INTEGER;
ALTER TABLE "Round" ADD COLUMN "seats" INTEGER;
