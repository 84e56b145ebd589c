#!/usr/bin/env bash
# Every shared market file converts to price records with the right UTC times: real rows,
# daylight-saving days and price spikes (values read from the files by hand, see comments).
source "$HS_SOURCE_DIR/tests/e2e/lib/common.bash"
ERCOT_RT_I2=$(shared_data prices/ercot/np6-905-cd_rtm_spp_2025-04-10_he19_i2.csv)
ERCOT_DAM=$(shared_data prices/ercot/np4-190-cd_dam_spp_2025-04-11.csv)
ERCOT_RT_MAR=$(shared_data prices/ercot/np6-785-er_rtm_spp_2025-03.xlsx)
ERCOT_DAM_2023=$(shared_data prices/ercot/np4-180-er_DAMLZHBSPP_2023.xlsx)
PJM_JUNE=$(cut_data rt_hrl_lmps_12hubs_2025-06.csv)
CAISO_DAM=$(shared_data prices/caiso/20181013_20181107_PRC_LMP_DAM_v1.csv)
FR_2023=$(shared_data prices/entsoe/FR_day-ahead_prices_2023.csv)
ISONE_DA=$(shared_data prices/isone/WW_DALMP_ISO_20260604.csv)

# row FILE TIME NODE -> "minutes,iso,market,node,type,price,currency"
row() { grep "^$2," "$1" | grep ",$3," | cut -d, -f2-8; }

# ERCOT RT (NP6-905-CD): HE19 interval 2 of 2025-04-10 starts 18:15 CDT = 23:15Z. LZ_WEST as
# LZ (35.59) and LZEW (35.6) are two series.
powerfeed "$ERCOT_RT_I2" --node LZ_WEST >rt.csv
assert_eq "3" "$(wc -l <rt.csv)" "ERCOT RT LZ_WEST rows (+ header)"
assert_contains rt.csv "2025-04-10T23:15:00Z,15,ERCOT,rt,LZ_WEST,LZ,35.59,USD," "ERCOT RT LZ"
assert_contains rt.csv "2025-04-10T23:15:00Z,15,ERCOT,rt,LZ_WEST,LZEW,35.6,USD," "ERCOT RT LZEW"
powerfeed "$ERCOT_RT_I2" >all.csv
assert_eq "1001" "$(wc -l <all.csv)" "ERCOT RT: all 1,000 points"

# The fast path (a plain file) and the general reader (stdin) agree on every row; a CRLF
# copy with a quoted field reads the same too.
powerfeed - <"$ERCOT_RT_I2" | cut -d, -f1-8 >slow.csv
cut -d, -f1-8 all.csv >fast.csv
cmp -s slow.csv fast.csv || fail "fast path and general reader differ"
sed 's/,HB_NORTH,/,"HB_NORTH",/; s/$/\r/' "$ERCOT_RT_I2" >crlf.csv
powerfeed crlf.csv | cut -d, -f1-8 >crlf_out.csv
cmp -s crlf_out.csv fast.csv || fail "CRLF and quoted copy differs"

# ERCOT DAM (NP4-190-CD): HB_NORTH HE 01:00 " 30.04" starts 00:00 CDT = 05:00Z; HE 24:00
# " 25.15" starts 23:00 CDT = 04:00Z next day.
powerfeed "$ERCOT_DAM" --node HB_NORTH >dam.csv
assert_eq "25" "$(wc -l <dam.csv)" "ERCOT DAM HB_NORTH: 24 hours"
assert_eq "60,ERCOT,da,HB_NORTH,,30.04,USD" "$(row dam.csv 2025-04-11T05:00:00Z HB_NORTH)" "DAM HE01"
assert_eq "60,ERCOT,da,HB_NORTH,,25.15,USD" "$(row dam.csv 2025-04-12T04:00:00Z HB_NORTH)" "DAM HE24"

# ERCOT NP6-785-ER xlsx, 2025-03-09 spring-forward: no hour ending 3. HE2 interval 4 (stored
# "2.0","4.0") 01:45 CST = 07:45Z 25.39; HE4 interval 1 03:00 CDT = 08:00Z 25.1.
powerfeed "$ERCOT_RT_MAR" --node HB_NORTH --from 2025-03-09T06:00Z --to 2025-03-10T05:00Z >mar.csv
assert_eq "93" "$(wc -l <mar.csv)" "2025-03-09 has 92 intervals"
assert_eq "15,ERCOT,rt,HB_NORTH,HU,25.39,USD" "$(row mar.csv 2025-03-09T07:45:00Z HB_NORTH)" "xlsx HE2 i4"
assert_eq "15,ERCOT,rt,HB_NORTH,HU,25.1,USD" "$(row mar.csv 2025-03-09T08:00:00Z HB_NORTH)" "xlsx HE4 i1"
# The first date cell is the Excel serial 45717.0 = 2025-03-01; HB_BUSAVG 56.62 at 00:00 CST = 06:00Z.
powerfeed "$ERCOT_RT_MAR" --node HB_BUSAVG --to 2025-03-01T06:15Z >first.csv
assert_eq "15,ERCOT,rt,HB_BUSAVG,SH,56.62,USD" "$(row first.csv 2025-03-01T06:00:00Z HB_BUSAVG)" "Excel serial date"

# ERCOT NP4-180-ER 2023 (the whole year, a sheet per month). Fall-back 2023-11-05 HB_NORTH: HE02 N 21.68 =
# 01:00 CDT = 06:00Z; HE02 Y 24.98 = 01:00 CST = 07:00Z; HE03 22.35 = 02:00 CST = 08:00Z.
powerfeed "$ERCOT_DAM_2023" --node HB_NORTH --from 2023-11-05T05:00Z --to 2023-11-06T06:00Z >nov.csv
assert_eq "26" "$(wc -l <nov.csv)" "2023-11-05 has 25 hours"
assert_eq "60,ERCOT,da,HB_NORTH,,21.68,USD" "$(row nov.csv 2023-11-05T06:00:00Z HB_NORTH)" "fall-back first"
assert_eq "60,ERCOT,da,HB_NORTH,,24.98,USD" "$(row nov.csv 2023-11-05T07:00:00Z HB_NORTH)" "fall-back repeat (Y)"
assert_eq "60,ERCOT,da,HB_NORTH,,22.35,USD" "$(row nov.csv 2023-11-05T08:00:00Z HB_NORTH)" "after fall-back"
# Summer spike: LZ_RAYBN 4250.00 on 2023-08-25 HE20 = 19:00 CDT = 2023-08-26T00:00Z.
powerfeed "$ERCOT_DAM_2023" --node LZ_RAYBN --market da >aug.csv
assert_eq "60,ERCOT,da,LZ_RAYBN,,4250,USD" "$(row aug.csv 2023-08-26T00:00:00Z LZ_RAYBN)" "Aug 2023 spike"

# PJM: NEW JERSEY HUB 1989.05107 at 6/24/2025 10:00:00 PM UTC (6:00 PM EPT).
powerfeed "$PJM_JUNE" --node 'NEW JERSEY*' >pjm.csv
assert_eq "60,PJM,rt,NEW JERSEY HUB,HUB,1989.05107,USD" "$(row pjm.csv 2025-06-24T22:00:00Z 'NEW JERSEY HUB')" "PJM spike"
assert_eq "721" "$(wc -l <pjm.csv)" "PJM June: 720 hours"

# CAISO PRC_LMP DAM, fall-back 2018-11-04: OPR_HR 2 at 08:00Z (32.83637) and OPR_HR 25 at
# 09:00Z (33.23085); only LMP_TYPE=LMP rows; unsorted input comes out sorted.
powerfeed "$CAISO_DAM" >caiso.csv
assert_eq "60,CAISO,da,0096WD_7_N001,,32.83637,USD" "$(row caiso.csv 2018-11-04T08:00:00Z 0096WD_7_N001)" "CAISO HE2"
assert_eq "60,CAISO,da,0096WD_7_N001,,33.23085,USD" "$(row caiso.csv 2018-11-04T09:00:00Z 0096WD_7_N001)" "CAISO OPR_HR 25"
assert_eq "$(cut -d, -f1 caiso.csv | sed 1d | sort -c && echo sorted)" "sorted" "CAISO output sorted"
# 2405 lines = header + 601 hours x 4 components; 2018-10-13 05:00 PDT .. 2018-11-07: 601 LMP rows.
assert_eq "602" "$(wc -l <caiso.csv)" "CAISO LMP rows"

# ENTSO-E FR 2023: 29.10.2023 02:00-03:00 twice: 0.02 first (CEST, 00:00Z), 0 second (CET, 01:00Z).
powerfeed "$FR_2023" --from 2023-10-29T00:00Z --to 2023-10-29T02:00Z >fr.csv
assert_eq "60,ENTSOE,da,FR,,0.02,EUR" "$(row fr.csv 2023-10-29T00:00:00Z FR)" "FR fall-back first"
assert_eq "60,ENTSOE,da,FR,,0,EUR" "$(row fr.csv 2023-10-29T01:00:00Z FR)" "FR fall-back second"
# The 26.03.2023 02:00-03:00 placeholder carries 54.54 in this file: dropped with a warning.
powerfeed "$FR_2023" >fr_all.csv 2>fr.err
assert_contains fr.err "FR_day-ahead_prices_2023.csv:2020" "placeholder warning"
assert_eq "8761" "$(wc -l <fr_all.csv)" "FR 2023: 8760 hours"

# ENTSO-E, newer layout (rows written here, in the shape of the platform's 2025 export):
# "dd/mm/yyyy HH:MM:SS" MTUs, an Area "BZN|DK2", a Sequence column, 15-minute MTUs.
# In CET/CEST, 26/10/2025 02:00-02:15 comes twice (CEST 00:00Z, then CET 01:00Z); each
# sequence is its own series (node type), so Sequence 2 is not taken as the second occurrence.
cat >new.csv <<'CSV'
"MTU (CET/CEST)","Area","Sequence","Day-ahead Price (EUR/MWh)"
"26/10/2025 02:00:00 - 26/10/2025 02:15:00","BZN|DK2","Sequence 1","10.5"
"26/10/2025 02:00:00 - 26/10/2025 02:15:00","BZN|DK2","Sequence 2","11.5"
"26/10/2025 02:00:00 - 26/10/2025 02:15:00","BZN|DK2","Sequence 1","20.5"
"26/10/2025 02:00:00 - 26/10/2025 02:15:00","BZN|DK2","Sequence 2","21.5"
CSV
powerfeed new.csv >new.out
assert_eq "2025-10-26T00:00:00Z,15,ENTSOE,da,DK2,Sequence 1,10.5,EUR" "$(grep -m1 'Sequence 1' new.out | cut -d, -f1-8)" "newer layout: first 02:00 CEST"
assert_eq "2025-10-26T01:00:00Z,15,ENTSOE,da,DK2,Sequence 2,21.5,EUR" "$(grep 'Sequence 2' new.out | tail -1 | cut -d, -f1-8)" "newer layout: second 02:00, sequence 2"
assert_eq "2" "$(powerfeed new.csv --node-type 'Sequence 1' | tail -n +2 | wc -l)" "one sequence selected"
# The same MTUs exported in UTC are not shifted (no zone conversion, no repeated hour).
sed 's/MTU (CET\/CEST)/MTU (UTC)/' new.csv | head -2 | powerfeed - >utc.out
assert_eq "2025-10-26T02:00:00Z" "$(sed -n 2p utc.out | cut -d, -f1)" "MTU (UTC) taken as UTC"
sed 's/MTU (CET\/CEST)/MTU (MSK)/' new.csv >msk.csv
assert_exit 65 "unknown MTU zone" -- powerfeed msk.csv
assert_contains "$T/err" "unknown MTU time zone 'MSK'" "names the zone label"

# ISO-NE: .H.INTERNAL_HUB HE01 47.82 = 00:00 EDT = 04:00Z on 2026-06-04.
powerfeed "$ISONE_DA" --node-type HUB >isone.csv
assert_eq "60,ISONE,da,.H.INTERNAL_HUB,HUB,47.82,USD" "$(row isone.csv 2026-06-04T04:00:00Z .H.INTERNAL_HUB)" "ISO-NE HE01"
assert_eq "25" "$(wc -l <isone.csv)" "ISO-NE hub: 24 hours"

# Generic CSV: local times in --tz, prices by column name.
printf 'ts,usd\n2025-03-09 01:00,10\n2025-03-09 03:00,12\n' >gen.csv
powerfeed --source generic gen.csv --time-column ts --price-column usd --tz America/Chicago --interval 1h --node-name X >g.csv
assert_contains g.csv "2025-03-09T07:00:00Z,60,GENERIC,rt,X,,10,USD" "generic CST"
assert_contains g.csv "2025-03-09T08:00:00Z,60,GENERIC,rt,X,,12,USD" "generic CDT"

# JSON Lines output.
powerfeed "$ERCOT_RT_I2" --node HB_NORTH --format jsonl >j.jsonl
assert_contains j.jsonl '"node":"HB_NORTH"' "jsonl output"
finish
