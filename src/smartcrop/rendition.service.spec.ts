import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DeskMetrics } from '../metrics/desk-metrics.js';
import {
  asReal,
  fakeConfig,
  FakeClaimRepository,
  FakeDesk,
  FakeImageRepository,
  user,
  FakeSuggestionService,
} from './desk.fakes.js';
import type { SuggestionService } from './suggest/suggestion.service.js';
import { FakePlanner, FakeRenditionRepository, FakeStorage } from './rendition.fakes.js';
import type { SaveCropedImagesDto } from './image.dto.js';
import { ImageService } from './image.service.js';
import { RenditionService } from './rendition.service.js';
import { LockState, Stage } from './stage.js';

/**
 * The small tier: RenditionService's rules over in-memory fakes (no database, no storage, no pixels).
 * A save uploads first, writes rows second and deletes what they replaced last; a refused or failed save
 * removes only its own uploads and leaves every row and earlier object as it was.
 */
describe('RenditionService (fakes)', () => {
  const operator = user(21, 'Operator');
  const qa = user(22, 'QA');
  const OLD = 'PressSite/1/1-old.jpg';

  function setup() {
    const desk = new FakeDesk();
    const images = new FakeImageRepository(desk);
    const renditions = new FakeRenditionRepository(desk);
    const storage = new FakeStorage(desk);
    const planner = new FakePlanner(desk);
    const metrics = new DeskMetrics();
    const suggestions = asReal<SuggestionService>(new FakeSuggestionService());
    const imageService = new ImageService(
      fakeConfig,
      asReal(new FakeClaimRepository(desk)),
      asReal(images),
      metrics,
      suggestions,
    );
    const service = new RenditionService(
      fakeConfig,
      storage,
      asReal(images),
      asReal(renditions),
      imageService,
      asReal(planner),
      metrics,
      suggestions,
    );
    // image 1 of programme 100 at the Operator stage, held by the operator, with a saved 16:9 rendition
    const image = desk.image({ id: 1, link_object_id: 100 });
    desk.lock(image, operator.id);
    desk.rendition(1, 1, OLD);
    desk.events = [];
    return { desk, images, renditions, storage, planner, service, image };
  }

  const pixels = Buffer.from('new pixels').toString('base64');
  const save = (o: Partial<SaveCropedImagesDto> = {}): SaveCropedImagesDto => ({
    ProgramId: 100,
    ImageId: 1,
    Crops: [
      { AspectRatioId: 1, X: 0, Y: 0, Width: 1600, Height: 900, ImageData: pixels },
      { AspectRatioId: 2, X: 0, Y: 0, Width: 1200, Height: 900, ImageData: pixels },
    ],
    ...o,
  });
  const keyOf = (desk: FakeDesk, ratio: number) => desk.renditions.get(`1/${ratio}`)?.storage_key;

  describe('who may save', () => {
    it('an Operator may not save at the QA stage (403); QA may', async () => {
      const { desk, service, image } = setup();
      image.status = Stage.QA;
      await expect(service.saveCrops(operator, save())).rejects.toThrow(ForbiddenException);
      desk.lock(image, qa.id);
      await expect(service.saveCrops(qa, save())).resolves.toBeDefined();
    });

    it('a lock held by someone else or by no one is a 409 naming which, an unknown image a 404', async () => {
      const { desk, service, image } = setup();
      desk.lock(image, 77);
      await expect(service.saveCrops(operator, save())).rejects.toThrow(
        new ConflictException('Image 1 is locked by another user'),
      );
      desk.unlock(image);
      await expect(service.saveCrops(operator, save())).rejects.toThrow(
        new ConflictException('Image 1 is not locked by you; claim it first'),
      );
      await expect(service.saveCrops(operator, save({ ImageId: 9 }))).rejects.toThrow(NotFoundException);
      expect(desk.events).toEqual([]);
    });

    it('a transition that cannot happen is refused before anything is uploaded', async () => {
      const { desk, service } = setup();
      await expect(service.saveCrops(operator, save({ Status: Stage.Completed }))).rejects.toThrow(
        ConflictException,
      );
      await expect(service.saveCrops(operator, save({ Status: 4, RejectReasonId: 9 }))).rejects.toThrow(
        new BadRequestException('RejectReasonId 9 is not a known reject reason'),
      );
      expect(desk.events).toEqual([]);
    });
  });

  describe('a save', () => {
    it('uploads, then writes the rows, then deletes the object a row pointed at before', async () => {
      const { desk, service } = setup();
      const res = await service.saveCrops(operator, save());
      const [k1, k2] = [keyOf(desk, 1)!, keyOf(desk, 2)!];
      expect(desk.events).toEqual([`put ${k1}`, `put ${k2}`, 'saveHeld 1,2', `delete ${OLD}`]);
      expect(res.data.Crops.map((c) => [c.AspectRatioId, c.StorageKey])).toEqual([
        [1, k1],
        [2, k2],
      ]);
      expect([...desk.objects.keys()].sort()).toEqual([k1, k2].sort());
    });

    it('refused because the lock went meanwhile: 409, its uploads removed, the saved rendition kept', async () => {
      const { desk, renditions, service, image } = setup();
      renditions.saveHeld = (...args) => {
        desk.unlock(image); // the sweeper expired the lock between the read and the write
        return FakeRenditionRepository.prototype.saveHeld.apply(renditions, args);
      };
      await expect(service.saveCrops(operator, save())).rejects.toThrow(
        new ConflictException('Your lock on these images expired or was released; nothing was saved'),
      );
      const put = desk.events.filter((e) => e.startsWith('put ')).map((e) => e.slice(4));
      expect(desk.events).toEqual([
        ...put.map((k) => `put ${k}`),
        'saveHeld refused',
        ...put.map((k) => `delete ${k}`),
      ]);
      expect(keyOf(desk, 1)).toBe(OLD);
      expect(keyOf(desk, 2)).toBeUndefined();
      expect([...desk.objects.keys()]).toEqual([OLD]);
    });

    it('an upload that fails (storage away) is a 503: nothing written, the other uploads removed', async () => {
      const { desk, storage, service } = setup();
      storage.unavailable.add('/2-');
      await expect(service.saveCrops(operator, save())).rejects.toThrow(ServiceUnavailableException);
      expect(desk.events.filter((e) => !e.startsWith('put ') && !e.startsWith('delete '))).toEqual([]);
      expect([...desk.objects.keys()]).toEqual([OLD]);
      expect(keyOf(desk, 1)).toBe(OLD);
    });

    it('a reference row gone meanwhile (23503) is a 400 and the planner reads the references again', async () => {
      const { desk, renditions, planner, service } = setup();
      renditions.failNextSave = '23503';
      await expect(service.saveCrops(operator, save())).rejects.toThrow(
        new BadRequestException('A crop names an image type or language that no longer exists'),
      );
      expect(planner.forgotten).toBe(1);
      expect([...desk.objects.keys()]).toEqual([OLD]);
    });

    it('with a Status: rows and transition in one transaction, rolled back together when the move fails', async () => {
      const { desk, images, service } = setup();
      images.stealBeforeTransition = ['1'];
      await expect(service.saveCrops(operator, save({ Status: Stage.QA }))).rejects.toThrow(
        new ConflictException('Some of these images are no longer locked by you; nothing was changed'),
      );
      expect(desk.events.filter((e) => !e.startsWith('put ') && !e.startsWith('delete '))).toEqual([
        'begin',
        'saveHeld 1,2',
        'transition operator_done 0',
        'rollback',
      ]);
      // the rows written inside the transaction are gone again, so is each new object; the old one stays
      expect(keyOf(desk, 1)).toBe(OLD);
      expect(keyOf(desk, 2)).toBeUndefined();
      expect([...desk.objects.keys()]).toEqual([OLD]);
    });

    it('with a Status that moves: committed, then the replaced object deleted', async () => {
      const { desk, service } = setup();
      const res = await service.saveCrops(operator, save({ Status: Stage.QA }));
      expect(res.data.Transition).toEqual({ RowsChanged: 1, Status: Stage.QA, CurrentState: LockState.Free });
      expect(desk.events.slice(2)).toEqual([
        'begin',
        'saveHeld 1,2',
        'transition operator_done 1',
        'commit',
        `delete ${OLD}`,
      ]);
    });
  });

  describe("QA's edit (UpdateCroppedImageInfo)", () => {
    const edit = (o: object = {}) => ({
      ProgramId: 100,
      ImageId: 1,
      AspectRatioId: 1,
      X: 0,
      Y: 0,
      Width: 1600,
      Height: 900,
      ...o,
    });

    it('a metadata edit of a rendition whose object changed meanwhile is a 409 and writes nothing', async () => {
      const { desk, renditions, service, image } = setup();
      image.status = Stage.QA;
      desk.lock(image, qa.id);
      // another save replaced the object after this edit read the rendition
      renditions.lockKeys = () => Promise.resolve(new Map([['1/1', 'PressSite/1/1-other.jpg']]));
      await expect(service.updateCroppedInfo(qa, [edit({ X: 10 })])).rejects.toThrow(
        new ConflictException('Rendition 1 of image 1 changed meanwhile; nothing was saved, try again'),
      );
      expect(desk.events).toEqual(['begin', 'rollback']);
      expect(desk.renditions.get('1/1')).toMatchObject({ storage_key: OLD, x: 0 });
    });

    it('new pixels: upload, rows and audit in one transaction, then the replaced object deleted', async () => {
      const { desk, service, image } = setup();
      image.status = Stage.QA;
      desk.lock(image, qa.id);
      await service.updateCroppedInfo(qa, [edit({ ImageData: pixels })]);
      const key = keyOf(desk, 1)!;
      expect(desk.events).toEqual([
        `put ${key}`,
        'begin',
        'upsert 1',
        'audit qa_edit 1',
        'commit',
        `delete ${OLD}`,
      ]);
    });
  });

  it('deleting a rendition removes its object only after the row is gone (404 when there is none)', async () => {
    const { desk, service } = setup();
    await expect(service.deleteCrop(operator, 100, 3, 1)).rejects.toThrow(NotFoundException);
    expect(desk.objects.has(OLD)).toBe(true);
    desk.events = [];
    await service.deleteCrop(operator, 100, 1, 1);
    expect(desk.events).toEqual(['begin', 'deleteRow 1', 'audit delete_crop 1', 'commit', `delete ${OLD}`]);
    expect(desk.objects.size).toBe(0);
  });
});
