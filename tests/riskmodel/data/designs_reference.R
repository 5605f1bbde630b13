# Reference values for riskmodel's designs, computed with R's survey package on the
# package's own data sets (api, nhanes).
#
#   Rscript tests/riskmodel/data/designs_reference.R
#
# Writes, beside this script, the data sets as CSV (the inputs of the tests) and
# designs_reference.json (the expected numbers). The tests read both and never need R.
#
# Exported columns: api's sch.wide (No/Yes) becomes y = 0/1; nhanes' WTMEC2YR is rounded to
# 2 decimals (so that replicate weights are short); everything else is as the package ships it.
# Every fit is svyglm(..., family = quasibinomial()) with default glm.control().
suppressPackageStartupMessages(library(survey))
library(jsonlite)

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
out_csv <- function(d, name) write.csv(d, file.path(here, name), row.names = FALSE, na = "")
data(api)
data(nhanes)

# ------------------------------------------------------------------ the input files
api_cols <- c("y", "ell", "meals", "mobility", "stype", "pw")
prep_api <- function(d) {
  d$y <- as.integer(d$sch.wide == "Yes")
  d
}
clus2 <- prep_api(apiclus2)[, c("dnum", "snum", "fpc1", "fpc2", api_cols, "cname")]
clus2$fpc2 <- as.vector(clus2$fpc2)
clus1 <- prep_api(apiclus1)[, c("dnum", "fpc", api_cols, "api99", "cname")]
strat <- prep_api(apistrat)[, c("snum", "fpc", api_cols, "api99", "cname")]
names(strat)[names(strat) == "stype"] <- "stype"
nh <- nhanes
nh$WTMEC2YR <- round(nh$WTMEC2YR, 2)
nh$agecat <- as.character(nh$agecat)

# domains: every record of district 83 (three schools) misses the outcome in apiclus2;
# every record of PSU 1 of stratum 83 misses it in nhanes (whose HI_CHOL already misses 745)
clus2_domain <- clus2
clus2_domain$y[clus2_domain$dnum == 83] <- NA
nh_domain <- nh
nh_domain$HI_CHOL[nh_domain$SDMVSTRA == 83 & nh_domain$SDMVPSU == 1] <- NA

out_csv(clus2, "apiclus2.csv")
out_csv(clus2_domain, "apiclus2_domain.csv")
out_csv(strat, "apistrat.csv")
out_csv(nh_domain, "nhanes_domain.csv")
pop <- apipop[, c("cname", "dnum", "ell", "meals", "mobility", "stype")]
out_csv(pop, "apipop.csv")

as_mat <- function(w) matrix(as.numeric(w), nrow = NROW(w))
# replicate weights as survey files ship them: the analysis (combined) weights, one column each
set.seed(20261201)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = clus1)
rep_jk1 <- as.svrepdesign(dclus1, type = "JK1", compress = FALSE)
rep_boot <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50, compress = FALSE)
clus1_rep <- clus1
jk1 <- as_mat(weights(rep_jk1, "analysis")); colnames(jk1) <- paste0("jk1_", seq_len(ncol(jk1)))
boot <- as_mat(weights(rep_boot, "analysis")); colnames(boot) <- paste0("boot_", seq_len(ncol(boot)))
clus1_rep <- cbind(clus1, jk1, boot)
out_csv(clus1_rep, "apiclus1.csv")

dnh <- svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nh)
# BRR needs two PSUs per stratum: the one stratum with three has its PSU 3 merged into PSU 2
# (variance units, as BRR files do)
nh$varpsu <- pmin(nh$SDMVPSU, 2)
dnh2 <- svydesign(id = ~varpsu, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = nh)
rep_brr <- as.svrepdesign(dnh2, type = "BRR", compress = FALSE)
rep_fay <- as.svrepdesign(dnh2, type = "Fay", fay.rho = 0.5, compress = FALSE)
rep_jkn <- as.svrepdesign(dnh, type = "JKn", compress = FALSE)
brr <- as_mat(weights(rep_brr, "analysis")); colnames(brr) <- paste0("brr_", seq_len(ncol(brr)))
fay <- as_mat(weights(rep_fay, "analysis")); colnames(fay) <- paste0("fay_", seq_len(ncol(fay)))
jkn <- as_mat(weights(rep_jkn, "analysis")); colnames(jkn) <- paste0("jkn_", seq_len(ncol(jkn)))
nh_rep <- cbind(nh, brr, fay, jkn)
out_csv(nh_rep, "nhanes.csv")
jkn_rscales <- rep_jkn$rscales

# ------------------------------------------------------------------ the fits (from the CSVs)
rd <- function(name) read.csv(file.path(here, name), stringsAsFactors = FALSE)
factors <- function(d) {
  if ("stype" %in% names(d)) d$stype <- factor(d$stype, levels = c("E", "H", "M"))
  if ("agecat" %in% names(d)) d$agecat <- factor(d$agecat)
  if ("race" %in% names(d)) d$race <- factor(d$race)
  d
}
term_names <- function(nm) {
  for (v in c("stype", "agecat", "race")) {
    hit <- startsWith(nm, v) & nm != v
    nm[hit] <- paste0(v, "[", substring(nm[hit], nchar(v) + 1), "]")
  }
  nm
}
api_formula <- y ~ ell + meals + mobility + stype
nh_formula <- HI_CHOL ~ agecat + race + RIAGENDR

summarise <- function(fit, des, tests = character()) {
  ct <- coef(summary(fit))
  v <- vcov(fit)
  wald <- list()
  for (term in tests) {
    f <- regTermTest(fit, as.formula(paste("~", term)))
    c <- regTermTest(fit, as.formula(paste("~", term)), df = Inf)
    wald[[term]] <- list(F = unname(as.numeric(f$Ftest)), df = f$df, ddf = f$ddf,
                         p_F = unname(as.numeric(f$p)), chisq = unname(as.numeric(c$chisq)),
                         p_chisq = unname(as.numeric(c$p)))
  }
  list(
    terms = term_names(rownames(ct)),
    estimate = unname(ct[, 1]),
    std_error = unname(ct[, 2]),
    p_value = unname(ct[, 4]),
    vcov = unname(v),
    degf = degf(des),
    df_residual = fit$df.residual,
    records = length(fit$y),
    wald = wald
  )
}
glm_case <- function(des, formula, tests = character()) {
  fit <- svyglm(formula, design = des, family = quasibinomial())
  summarise(fit, des, tests)
}

cases <- list()
d2 <- factors(rd("apiclus2.csv"))
des <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = d2)
cases$twostage_fpc <- glm_case(des, api_formula, "stype")
fit2 <- svyglm(api_formula, design = des, family = quasibinomial())
des_wr <- svydesign(id = ~dnum + snum, weights = ~pw, data = d2)
cases$twostage_no_fpc <- glm_case(des_wr, api_formula, "stype")

# a domain given as a condition: the schools that are not high schools
cases$twostage_fpc_subset <- glm_case(subset(des, stype != "H"), y ~ ell + meals + mobility)
cases$twostage_fpc_subset$degf <- degf(subset(des, stype != "H"))

d2d <- factors(rd("apiclus2_domain.csv"))
des <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = d2d)
cases$twostage_fpc_domain <- glm_case(des, api_formula)

# a lonely PSU at stage 2: district 15's one sampled school now stands for 5 schools
clus2_lonely <- clus2
clus2_lonely$fpc2[clus2_lonely$dnum == 15] <- 5
out_csv(clus2_lonely, "apiclus2_lonely.csv")
d2l <- factors(rd("apiclus2_lonely.csv"))
for (rule in c("remove", "certainty", "adjust", "average")) {
  old <- options(survey.lonely.psu = rule)
  des <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = d2l)
  cases[[paste0("twostage_lonely_", rule)]] <- glm_case(des, api_formula)
  options(old)
}
stage2_fail <- tryCatch({
  des <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = d2l)
  glm_case(des, api_formula)
  "no error"
}, error = function(e) conditionMessage(e))

ds <- factors(rd("apistrat.csv"))
des <- svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = ds)
cases$strata_fpc <- glm_case(des, y ~ ell + meals + mobility, character())

d1 <- factors(rd("apiclus1.csv"))
des1 <- svydesign(id = ~dnum, fpc = ~fpc, weights = ~pw, data = d1)
cases$cluster_fpc <- glm_case(des1, api_formula, "stype")

dn <- factors(rd("nhanes_domain.csv"))
des <- svydesign(id = ~SDMVPSU, strata = ~SDMVSTRA, weights = ~WTMEC2YR, nest = TRUE, data = dn)
cases$strata_psu_domain <- glm_case(des, nh_formula, c("agecat", "race"))

# replicate weights, read back from the CSVs with svrepdesign
rep_case <- function(d, pattern, type, ...) {
  des <- svrepdesign(data = d, repweights = pattern, weights = d$pw_col, type = type,
                     combined.weights = TRUE, ...)
  des
}
d1$pw_col <- d1$pw
des <- svrepdesign(data = d1, repweights = "^jk1_", weights = ~pw, type = "JK1",
                   scale = 14 / 15, combined.weights = TRUE)
cases$jk1 <- glm_case(des, api_formula, "stype")
des <- svrepdesign(data = d1, repweights = "^boot_", weights = ~pw, type = "bootstrap",
                   combined.weights = TRUE)
# without stype: in 5 of the 50 bootstrap replicates no high school misses its target, so
# stype[H]'s estimate diverges and where it stops depends on the algorithm, not the design
cases$bootstrap <- glm_case(des, y ~ ell + meals + mobility)
dn <- factors(rd("nhanes.csv"))
des <- svrepdesign(data = dn, repweights = "^brr_", weights = ~WTMEC2YR, type = "BRR",
                   combined.weights = TRUE)
cases$brr <- glm_case(des, nh_formula, c("agecat", "race"))
des <- svrepdesign(data = dn, repweights = "^fay_", weights = ~WTMEC2YR, type = "Fay",
                   rho = 0.5, combined.weights = TRUE)
cases$fay <- glm_case(des, nh_formula, c("agecat", "race"))
des <- svrepdesign(data = dn, repweights = "^jkn_", weights = ~WTMEC2YR, type = "JKn",
                   rscales = jkn_rscales, combined.weights = TRUE)
cases$jkn <- glm_case(des, nh_formula, c("agecat", "race"))
des <- svrepdesign(data = dn, repweights = "^jkn_", weights = ~WTMEC2YR, type = "JKn",
                   rscales = jkn_rscales, combined.weights = TRUE, mse = TRUE)
cases$jkn_mse <- glm_case(des, nh_formula)

# post-stratified and calibrated (linear) weights on the one-stage cluster sample
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = d1)
ps_pop <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
des <- postStratify(dclus1, ~stype, ps_pop)
cases$poststratified <- glm_case(des, api_formula, "stype")
cases$poststratified$weights_head <- unname(weights(des)[1:10])
cal_totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = sum(apipop$api99))
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = d1)
des <- calibrate(dclus1, ~stype + api99, cal_totals)
cases$calibrated <- glm_case(des, api_formula, "stype")
cases$calibrated$weights_head <- unname(weights(des)[1:10])

# the same two with some schools missing the outcome (five of district 637, and three
# others): a domain of a calibrated design
d1d <- clus1[, c("dnum", "fpc", api_cols, "api99")]
d1d$y[d1d$dnum == 637][1:5] <- NA
d1d$y[c(20, 40, 60)] <- NA
out_csv(d1d, "apiclus1_domain.csv")
d1d <- factors(rd("apiclus1_domain.csv"))
dd <- svydesign(id = ~dnum, weights = ~pw, data = d1d)
cases$poststratified_domain <- glm_case(postStratify(dd, ~stype, ps_pop), api_formula)
cases$calibrated_domain <- glm_case(calibrate(dd, ~stype + api99, cal_totals), api_formula)

# territories: the two-stage fit scored on apipop by county (cname); the risk index is the
# mean predicted probability of a county's schools, its expected count their sum
pp <- factors(rd("apipop.csv"))
pp <- pp[complete.cases(pp[, c("ell", "meals", "mobility", "stype")]), ]
terr <- list()
for (county in c("Alameda", "Los Angeles", "Fresno", "Alpine", "Kern")) {
  nd <- pp[pp$cname == county, ]
  if (nrow(nd) == 0) next
  pr <- predict(fit2, newdata = nd, type = "response", vcov = TRUE)
  V <- vcov(pr)
  mean_link <- predict(fit2, newdata = nd[1, ], type = "link", se.fit = TRUE)
  terr[[county]] <- list(
    schools = nrow(nd),
    risk_index = mean(as.numeric(pr)),
    risk_index_se = sqrt(sum(V)) / nrow(nd),
    expected = sum(as.numeric(pr)),
    expected_se = sqrt(sum(V)),
    first_link = unname(as.numeric(mean_link)),
    first_link_se = unname(as.numeric(SE(mean_link)))
  )
}

out <- list(
  generated_by = "designs_reference.R",
  family = "quasibinomial",
  api_formula = deparse(api_formula),
  nhanes_formula = deparse(nh_formula),
  jkn_rscales = jkn_rscales,
  calibration_totals = as.list(cal_totals),
  poststrata_population = setNames(as.list(ps_pop$Freq), ps_pop$stype),
  apipop_records_complete = nrow(pp),
  stage2_lonely_fail_message = stage2_fail,
  software = list(R = R.version.string, survey = as.character(packageVersion("survey")),
                  jsonlite = as.character(packageVersion("jsonlite"))),
  cases = cases,
  territories = terr
)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE),
           file.path(here, "designs_reference.json"))
cat("wrote", file.path(here, "designs_reference.json"), "\n")
