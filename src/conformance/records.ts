import { randomBytes } from 'node:crypto';
import type { NationalInterface, NationalRecord } from '../national/types';
import { creditCode, regionInScope, regionOutOfScope, residentId, traceCode } from './codes';
import { beijingIso } from '../common/time';
import { beijingDateDaysBefore, yymmddDaysBefore } from './time';

export const SOURCE_SYSTEM = 'conformance-suite';

/** Code-list values the generated records use (all in the published lists of §6.5), besides the scope's province. */
export const USED_CODES: Readonly<Record<string, readonly string[]>> = {
  provinces: ['11', '31'],
  'subject-types': ['ENTERPRISE', 'INDIVIDUAL_FARMER', 'VENDOR'],
  'product-categories': ['VEG_LEAFY', 'MEAT_PORK'],
  units: ['KG'],
  'test-items': ['OP_CARBAMATE_INHIBITION', 'CHLORPYRIFOS'],
  commitments: ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES', 'OBSERVE_INTERVALS', 'MEETS_RESIDUE_STANDARDS'],
};

/**
 * Valid records of every interface, with recordIds and batchIds fresh for each run, so that a re-run
 * against a platform that keeps its data still meets the ACCEPTED paths.
 */
export class RecordFactory {
  readonly runId: string;
  readonly region: string;
  readonly otherRegion: string;
  private serial = 0;

  constructor(
    readonly regionScope: string,
    private readonly clock: () => number,
    runId?: string,
  ) {
    this.runId = runId ?? `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    this.region = regionInScope(regionScope);
    this.otherRegion = regionOutOfScope(regionScope);
  }

  next(): number {
    return ++this.serial;
  }

  recordId(iface: NationalInterface): string {
    return `cf-${this.runId}-${iface.slice(0, 3)}-${this.next()}`;
  }

  batchId(): string {
    return `cf-${this.runId}-b${this.next()}`;
  }

  /** A random batchId of exactly `length` characters of [A-Za-z0-9_-]. */
  randomBatchId(length: number): string {
    return randomBytes(length).toString('base64url').slice(0, length);
  }

  creditCode(): string {
    return creditCode(this.region, this.next());
  }

  residentId(): string {
    return residentId(this.region, this.next());
  }

  traceCode(link = '01'): string {
    return traceCode(this.region, link, yymmddDaysBefore(this.clock(), 3), this.next());
  }

  /** Now at UTC+8, to the second. */
  now(): string {
    return beijingIso(this.clock());
  }

  hoursAgo(hours: number): string {
    return beijingIso(this.clock() - hours * 3600_000);
  }

  daysAgo(days: number): string {
    return beijingDateDaysBefore(this.clock(), days);
  }

  /** A valid record of the interface, version 1, with a fresh recordId. */
  valid(iface: NationalInterface): NationalRecord {
    const n = this.next();
    const common = {
      recordId: this.recordId(iface),
      version: 1,
      regionCode: this.region,
      sourceSystem: SOURCE_SYSTEM,
      reportedAt: this.now(),
    };
    return { ...common, ...this.body(iface, n) };
  }

  private body(iface: NationalInterface, n: number): Record<string, unknown> {
    switch (iface) {
      case 'subjects':
        return {
          subjectCode: this.creditCode(),
          subjectIdType: 'CREDIT_CODE',
          name: `兰州示范农业有限公司${n}`,
          subjectType: 'ENTERPRISE',
          address: '甘肃省兰州市城关区示范路1号',
          legalRepresentative: '张三',
          contactPhone: '13912345678',
          registeredOn: '2020-05-18',
        };
      case 'batches':
        return {
          traceCode: this.traceCode('01'),
          subjectCode: this.creditCode(),
          productCode: 'VEG_LEAFY',
          productName: '菠菜',
          quantity: 120.5,
          unit: 'KG',
          producedOn: this.daysAgo(3),
          originRegionCode: this.region,
          baseName: '榆中县蔬菜基地',
        };
      case 'inspections':
        return {
          inspectionNo: `INS-${this.runId}-${n}`,
          traceCode: this.traceCode('01'),
          method: 'RAPID',
          agency: '兰州市农产品质量检测中心',
          testedAt: this.hoursAgo(5),
          items: [
            { itemCode: 'OP_CARBAMATE_INHIBITION', value: 12.5, limit: 50, unit: 'inhibition%', result: 'PASS' },
            { itemCode: 'CHLORPYRIFOS', value: 0.01, limit: 0.1, unit: 'mg/kg', result: 'PASS' },
          ],
          conclusion: 'PASS',
        };
      case 'certificates':
        return {
          certificateNo: `CERT-${this.runId}-${n}`,
          traceCode: this.traceCode('01'),
          subjectCode: this.creditCode(),
          productCode: 'VEG_LEAFY',
          quantity: 50,
          unit: 'KG',
          issuedOn: this.daysAgo(2),
          commitments: ['NO_BANNED_DRUGS', 'NO_ILLEGAL_ADDITIVES'],
          basis: 'SELF_TEST',
          inspectionNo: `INS-${this.runId}-${n}`,
        };
      case 'slaughter':
        return {
          traceCode: this.traceCode('03'),
          slaughterhouseCode: this.creditCode(),
          animalType: 'PIG',
          headCount: 12,
          carcassWeightKg: 1050.5,
          quarantineCertNo: `A62${String(n).padStart(10, '0')}`,
          originRegionCode: this.region,
          slaughteredAt: this.hoursAgo(30),
        };
      case 'entries':
        return {
          entryNo: `ENT-${this.runId}-${n}`,
          marketCode: this.creditCode(),
          vendorCode: this.creditCode(),
          supplierCode: this.creditCode(),
          traceCode: this.traceCode('04'),
          productCode: 'VEG_LEAFY',
          quantity: 80,
          unit: 'KG',
          enteredAt: this.hoursAgo(4),
          originCertificateNo: `CERT-${this.runId}-${n}`,
        };
      case 'trades':
        return {
          ticketNo: `TK-${this.runId}-${n}`,
          marketCode: this.creditCode(),
          sellerCode: this.creditCode(),
          buyerCode: this.creditCode(),
          traceCode: this.traceCode('05'),
          parentTraceCode: this.traceCode('04'),
          productCode: 'VEG_LEAFY',
          quantity: 3,
          unit: 'KG',
          unitPrice: 2.5,
          amount: 7.5,
          tradedAt: this.hoursAgo(1),
        };
      case 'transports':
        return {
          waybillNo: `WB-${this.runId}-${n}`,
          carrierCode: this.creditCode(),
          vehiclePlate: '甘A12345',
          fromCode: this.creditCode(),
          toCode: this.creditCode(),
          traceCodes: [this.traceCode('09'), this.traceCode('09')],
          departedAt: this.hoursAgo(6),
          arrivedAt: this.hoursAgo(2),
          temperatureMinC: 0,
          temperatureMaxC: 4,
        };
    }
  }
}
